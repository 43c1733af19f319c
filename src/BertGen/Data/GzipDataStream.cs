using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.GZip;

namespace BertGen.Data;

/// <summary>
/// Decompresses a <c>.gz</c> data file and checks it: every member's CRC-32 and length against its trailer, so a
/// file cut short or damaged is an <see cref="InvalidDataException"/> naming it rather than fewer rows. .NET's
/// <c>GZipStream</c> ends quietly where a truncated file ends; SharpZipLib's reader (already in the dependency
/// graph through TorchSharp) checks, and reads files of several concatenated members.
/// </summary>
internal sealed class GzipDataStream(Stream compressed, string path) : Stream
{
    private readonly GZipInputStream inner = new(compressed) { IsStreamOwner = true };

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return inner.Read(buffer, offset, count);
        }
        // SharpZipLib reports most damage as SharpZipBaseException, a file cut short as EndOfStreamException, and some
        // corrupt headers and Huffman tables as IndexOutOfRangeException (found by the fuzz suite): all of it is damage.
        catch (Exception e) when (e is SharpZipBaseException or EndOfStreamException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"{path}: the gzip file ends early or is damaged ({e.Message})", e);
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
