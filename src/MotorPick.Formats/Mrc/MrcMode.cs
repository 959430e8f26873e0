namespace MotorPick.Formats.Mrc;

/// <summary>MRC2014 data modes (the MODE header word).</summary>
public enum MrcMode
{
    /// <summary>8-bit integers: signed per MRC2014, unsigned in IMOD files unless their signed flag is set.</summary>
    Int8 = 0,
    Int16 = 1,
    Float32 = 2,
    ComplexInt16 = 3,
    Complex64 = 4,
    UInt16 = 6,
    /// <summary>IEEE half precision (MRC2014 revision 20141).</summary>
    Float16 = 12,
}

/// <summary>How mode 0 bytes are interpreted.</summary>
public enum MrcMode0Interpretation
{
    /// <summary>
    /// Signed (MRC2014) unless the header carries the IMOD stamp (1146047817 at byte 152) with imodFlags bit 0
    /// clear, which is IMOD's marker for unsigned bytes ("bit 0 set = bytes are stored signed").
    /// </summary>
    Auto,
    /// <summary>Always int8.</summary>
    Signed,
    /// <summary>Always uint8 (the pre-2014 convention of many old files).</summary>
    Unsigned,
}
