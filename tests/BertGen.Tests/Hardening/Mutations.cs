using System.Text;

namespace BertGen.Tests.Hardening;

/// <summary>
/// Seeded byte- and line-level mutations of a valid file, the kinds a careless copy, a broken download or an attacker
/// makes: bits flipped, the file cut short, random or invalid UTF-8 bytes and NULs inserted, lines dropped, repeated or
/// blanked, quotes and delimiters added.
/// </summary>
internal static class Mutations
{
    private static readonly byte[][] s_insertions =
    [
        [0], [0xFF], [0xC3], [0xE2, 0x82], [(byte)'"'], [(byte)','], [(byte)'\t'], [(byte)'\n'], [(byte)'\r'], [(byte)'{'], [(byte)'}'],
        [(byte)'['], [(byte)'\\'], "\"\"\""u8.ToArray(), "-DOCSTART-\n"u8.ToArray(), "I-"u8.ToArray(), "null"u8.ToArray(), "1e309"u8.ToArray(),
    ];

    /// <summary>One mutation of <paramref name="original"/> chosen by <paramref name="random"/>, with what it did.</summary>
    public static (string Mutation, byte[] Bytes) Apply(byte[] original, Random random)
    {
        var bytes = original.ToList();
        int at = random.Next(Math.Max(1, bytes.Count));
        switch (random.Next(7))
        {
            case 0:
                if (bytes.Count > 0)
                    bytes[at] ^= (byte)(1 << random.Next(8));
                return ($"flip a bit of byte {at}", [.. bytes]);
            case 1:
                return ($"cut at byte {at}", original[..Math.Min(at, original.Length)]);
            case 2:
            {
                var inserted = s_insertions[random.Next(s_insertions.Length)];
                bytes.InsertRange(Math.Min(at, bytes.Count), inserted);
                return ($"insert {Convert.ToHexString(inserted)} at byte {at}", [.. bytes]);
            }
            case 3:
            {
                var random3 = new byte[random.Next(1, 5)];
                random.NextBytes(random3);
                bytes.InsertRange(Math.Min(at, bytes.Count), random3);
                return ($"insert {Convert.ToHexString(random3)} at byte {at}", [.. bytes]);
            }
            default:
            {
                var lines = Encoding.UTF8.GetString(original).Split('\n').ToList();
                int line = random.Next(lines.Count);
                string what;
                switch (random.Next(4))
                {
                    case 0: lines.RemoveAt(line); what = "drop"; break;
                    case 1: lines.Insert(random.Next(lines.Count), lines[line]); what = "repeat"; break;
                    case 2: lines[line] = ""; what = "blank"; break;
                    default: lines[line] = lines[line][..random.Next(lines[line].Length + 1)]; what = "cut"; break;
                }
                return ($"{what} line {line + 1}", Encoding.UTF8.GetBytes(string.Join('\n', lines)));
            }
        }
    }

    /// <summary>Gzips <paramref name="bytes"/>.</summary>
    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal))
            gzip.Write(bytes);
        return output.ToArray();
    }
}
