using MotorPick.Cli;

return CliApp.Run(args);
