// MSBuild task compiled by RoslynCodeTaskFactory (see BertGen.targets), so it may only use what
// netstandard2.0 offers: no spans, no BinaryPrimitives, no File.Move(overwrite).
//
// Why it exists: TorchSharp 0.107's libLibTorchSharp.so was linked against GCC 13's libstdc++ and
// asks for GLIBCXX_3.4.32 for exactly one symbol, std::ios_base_library_init(). Older systems
// (Debian 12: GLIBCXX_3.4.30) refuse to load it, although the call has nothing to do there: the
// standard streams are already initialised by libtorch_cpu.so, loaded first. On such systems this
// task edits the COPY of the library in the build or publish output (never the NuGet cache):
//   1. the GLIBCXX_3.4.32 requirement becomes weak (VER_FLG_WEAK), so its absence is tolerated;
//   2. the one symbol bound to that version is renamed, in place, to `sched_yield` (a harmless
//      void() function of libc) and made unversioned.
// Nothing else changes and the file size stays the same. The edit is idempotent, and the task does
// nothing where the system libstdc++ already defines GLIBCXX_3.4.32. No ELF library is available to
// MSBuild tasks, so the few structures needed are read by hand below.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class PatchLibTorchSharpForOldLibstdcxx : Microsoft.Build.Utilities.Task
{
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private const string MissingSymbol = "_ZSt21ios_base_library_initv";
    private const string Replacement = "sched_yield";

    private const uint ShtDynsym = 11;
    private const uint ShtDynamic = 6;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>Copies of libLibTorchSharp.so in an output folder.</summary>
    [Required]
    public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Folder of the NuGet package cache; files under it are never touched.</summary>
    public string NuGetPackageRoot { get; set; } = "";

    /// <summary>Overrides the libstdc++ that is checked (for tests); empty means the system's.</summary>
    public string LibstdcxxPath { get; set; } = "";

    public override bool Execute()
    {
        string? libstdcxx = string.IsNullOrEmpty(LibstdcxxPath) ? FindSystemLibstdcxx() : LibstdcxxPath;
        if (libstdcxx == null)
        {
            Log.LogMessage(MessageImportance.Low, "BertGen: no system libstdc++ found; TorchSharp native library left unchanged.");
            return true;
        }
        if (FileContains(libstdcxx, Encoding.ASCII.GetBytes(MissingVersion + "\0")))
        {
            Log.LogMessage(MessageImportance.Low, $"BertGen: {libstdcxx} defines {MissingVersion}; nothing to patch.");
            return true;
        }

        foreach (ITaskItem item in Libraries)
        {
            string path = Path.GetFullPath(item.ItemSpec);
            if (IsUnder(path, NuGetPackageRoot))
            {
                Log.LogError($"BertGen: refusing to patch {path}: it lies in the NuGet package cache.");
                return false;
            }
            try
            {
                PatchFile(path);
            }
            catch (InvalidDataException e)
            {
                Log.LogError($"BertGen: cannot make {path} loadable with {libstdcxx}: {e.Message}");
                return false;
            }
        }
        return !Log.HasLoggedErrors;
    }

    private void PatchFile(string path)
    {
        byte[] elf = File.ReadAllBytes(path);
        if (!Patch(elf))
        {
            Log.LogMessage(MessageImportance.Low, $"BertGen: {path} already loadable without {MissingVersion}.");
            return;
        }
        // Write a new file and rename it over the old one: the output copy may be a hard link
        // into the NuGet cache, which must keep its original bytes.
        string temporary = path + ".bertgen-tmp";
        File.WriteAllBytes(temporary, elf);
        File.Replace(temporary, path, null);
        Log.LogMessage(MessageImportance.High, $"BertGen: patched {Path.GetFileName(path)} in {Path.GetDirectoryName(path)} to load without {MissingVersion}.");
    }

    /// <summary>Edits the image in memory; returns false when it already needed no change.</summary>
    public static bool Patch(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");

        long sectionHeaders = (long)U64(elf, 0x28);
        int sectionHeaderSize = U16(elf, 0x3A);
        int sectionCount = U16(elf, 0x3C);
        Section? dynsym = null, versym = null, verneed = null, dynamic = null;
        var sections = new List<Section>();
        for (int i = 0; i < sectionCount; i++)
        {
            long at = sectionHeaders + (long)i * sectionHeaderSize;
            Check(elf, at, 64);
            var section = new Section(U32(elf, at + 4), (long)U64(elf, at + 24), (long)U64(elf, at + 32), (int)U32(elf, at + 40), U32(elf, at + 44));
            Check(elf, section.Offset, section.Size);
            sections.Add(section);
            if (section.Type == ShtDynsym) dynsym = section;
            else if (section.Type == ShtGnuVersym) versym = section;
            else if (section.Type == ShtGnuVerneed) verneed = section;
            else if (section.Type == ShtDynamic) dynamic = section;
        }
        if (dynsym == null || versym == null || verneed == null)
            throw new InvalidDataException("missing .dynsym, .gnu.version or .gnu.version_r");
        Section dynstr = sections[dynsym.Link];
        Section verneedStrings = sections[verneed.Link];

        // 1. Find the vernaux entry of GLIBCXX_3.4.32 and make it weak.
        bool changed = false;
        int versionIndex = -1;
        var referencedNames = new List<long>();
        long need = verneed.Offset;
        for (int n = 0; n < (int)verneed.Info; n++)
        {
            referencedNames.Add(U32(elf, need + 4));
            long aux = need + U32(elf, need + 8);
            int auxCount = U16(elf, need + 2);
            for (int a = 0; a < auxCount; a++)
            {
                Check(elf, aux, 16);
                uint nameOffset = U32(elf, aux + 8);
                referencedNames.Add(nameOffset);
                if (ReadString(elf, verneedStrings.Offset + nameOffset) == MissingVersion)
                {
                    versionIndex = U16(elf, aux + 6);
                    ushort flags = U16(elf, aux + 4);
                    if ((flags & VerFlgWeak) == 0)
                    {
                        W16(elf, aux + 4, (ushort)(flags | VerFlgWeak));
                        changed = true;
                    }
                }
                aux += U32(elf, aux + 12);
            }
            need += U32(elf, need + 12);
        }
        if (versionIndex < 0)
            return false; // Needs no GLIBCXX_3.4.32 at all: a TorchSharp built differently.

        // 2. Rebind every symbol of that version (only std::ios_base_library_init) to sched_yield.
        int symbolCount = (int)(dynsym.Size / 24);
        var victims = new List<int>();
        for (int s = 0; s < symbolCount; s++)
        {
            uint name = U32(elf, dynsym.Offset + s * 24L);
            referencedNames.Add(name);
            if ((U16(elf, versym.Offset + s * 2L) & 0x7fff) == versionIndex)
                victims.Add(s);
        }
        if (dynamic != null)
        {
            for (long d = dynamic.Offset; d + 16 <= dynamic.Offset + dynamic.Size; d += 16)
            {
                ulong tag = U64(elf, d);
                if (tag == 1 || tag == 14 || tag == 15 || tag == 29) // NEEDED, SONAME, RPATH, RUNPATH
                    referencedNames.Add((long)U64(elf, d + 8));
            }
        }
        foreach (int s in victims)
        {
            long nameOffset = U32(elf, dynsym.Offset + s * 24L);
            string name = ReadString(elf, dynstr.Offset + nameOffset);
            if (name != MissingSymbol)
                throw new InvalidDataException($"unexpected symbol {name} needs {MissingVersion}; only {MissingSymbol} can be rebound safely");
            foreach (long other in referencedNames)
            {
                if (other > nameOffset && other <= nameOffset + name.Length)
                    throw new InvalidDataException($"the name of {MissingSymbol} is shared with another string; it cannot be overwritten");
            }
            byte[] replacement = Encoding.ASCII.GetBytes(Replacement);
            for (int i = 0; i < name.Length; i++)
                elf[dynstr.Offset + nameOffset + i] = i < replacement.Length ? replacement[i] : (byte)0;
            W16(elf, versym.Offset + s * 2L, 1); // VER_NDX_GLOBAL: unversioned
            changed = true;
        }
        return changed;
    }

    private static string? FindSystemLibstdcxx()
    {
        string[] folders =
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64", "/lib64", "/usr/lib", "/lib",
        };
        foreach (string folder in folders)
        {
            string candidate = Path.Combine(folder, "libstdc++.so.6");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static bool FileContains(string path, byte[] needle)
    {
        byte[] haystack = File.ReadAllBytes(path);
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }

    private static bool IsUnder(string path, string folder)
    {
        if (string.IsNullOrEmpty(folder)) return false;
        string root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return path.StartsWith(root, StringComparison.Ordinal);
    }

    private static void Check(byte[] elf, long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > elf.Length)
            throw new InvalidDataException($"structure at offset {offset} (length {length}) lies outside the file");
    }

    private static string ReadString(byte[] elf, long offset)
    {
        Check(elf, offset, 1);
        long end = offset;
        while (end < elf.Length && elf[end] != 0) end++;
        return Encoding.ASCII.GetString(elf, (int)offset, (int)(end - offset));
    }

    private static ushort U16(byte[] b, long o) { Check(b, o, 2); return (ushort)(b[o] | b[o + 1] << 8); }
    private static uint U32(byte[] b, long o) { Check(b, o, 4); return (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24); }
    private static ulong U64(byte[] b, long o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;
    private static void W16(byte[] b, long o, ushort v) { b[o] = (byte)v; b[o + 1] = (byte)(v >> 8); }

    private sealed class Section
    {
        public Section(uint type, long offset, long size, int link, uint info)
        {
            Type = type; Offset = offset; Size = size; Link = link; Info = info;
        }
        public uint Type { get; }
        public long Offset { get; }
        public long Size { get; }
        public int Link { get; }
        public uint Info { get; }
    }
}
