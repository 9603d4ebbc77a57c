namespace TarsDashboard.Core.Logs;

/// <summary>
/// The SGR state while rendering a line. Colours: 0 is the default, 1..256 a palette index plus one, and
/// <see cref="TrueColor"/> | 0xRRGGBB a 24-bit colour, so the default value means "no style".
/// </summary>
internal record struct AnsiStyle(int Foreground, int Background, bool Bold, bool Italic, bool Underline)
{
    public const int TrueColor = 0x1000000;

    public static int Palette(int index) => index + 1;

    public static int Rgb(int red, int green, int blue) => TrueColor | (red << 16) | (green << 8) | blue;
}
