using System.Buffers.Binary;
using System.Text;
using static TorchSharp.torch;

namespace BertGen.Checkpoints.Pickle;

/// <summary>
/// Reads the <c>data.pkl</c> of a <c>torch.save</c> archive while refusing everything a state dict does
/// not need. Python's pickle format can call any function on load, so loading a checkpoint with a
/// general unpickler can run code. This one allows exactly: OrderedDict, the tensor-rebuild functions,
/// the typed storage classes and persistent storage references; any other global is refused before
/// anything is built. Written by hand because no .NET pickle library offers an allow-list that fails
/// (Razorvine.Pickle turns unknown classes into dictionaries instead of refusing them).
/// </summary>
internal sealed class RestrictedUnpickler
{
    private static readonly HashSet<(string, string)> s_allowedCalls =
    [
        ("collections", "OrderedDict"),
        ("torch._utils", "_rebuild_tensor_v2"),
        ("torch._utils", "_rebuild_tensor"),
        ("torch._utils", "_rebuild_parameter"),
    ];

    private static readonly object s_mark = new();

    private readonly byte[] data;
    private readonly string source;
    private readonly List<object?> stack = [];
    private readonly Stack<int> marks = new();
    private readonly Dictionary<long, object?> memo = [];
    private int position;

    private RestrictedUnpickler(byte[] data, string source)
    {
        this.data = data;
        this.source = source;
    }

    /// <summary>Unpickles <paramref name="data"/>; <paramref name="source"/> names it in errors.</summary>
    public static object? Load(byte[] data, string source) => new RestrictedUnpickler(data, source).Run();

    private object? Run()
    {
        while (true)
        {
            int opcodeAt = position;
            byte opcode = ReadByte();
            switch (opcode)
            {
                case 0x80: ReadByte(); break;                                   // PROTO
                case 0x95: ReadBytes(8); break;                                 // FRAME
                case (byte)'.': return Pop();                                   // STOP
                case (byte)'(': marks.Push(stack.Count); stack.Add(s_mark); break; // MARK
                case (byte)'0': Pop(); break;                                   // POP
                case (byte)'N': Push(null); break;                              // NONE
                case 0x88: Push(true); break;                                   // NEWTRUE
                case 0x89: Push(false); break;                                  // NEWFALSE
                case (byte)'K': Push((long)ReadByte()); break;                  // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break; // BININT2
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break;  // BININT
                case 0x8a: Push(ReadLong1()); break;                            // LONG1
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break; // BINFLOAT
                case (byte)'X': Push(ReadString(ReadLength(4))); break;         // BINUNICODE
                case 0x8c: Push(ReadString(ReadByte())); break;                 // SHORT_BINUNICODE
                case (byte)'U': Push(Encoding.Latin1.GetString(ReadBytes(ReadByte()))); break; // SHORT_BINSTRING
                case (byte)'T': Push(Encoding.Latin1.GetString(ReadBytes(ReadLength(4)))); break; // BINSTRING
                case (byte)')': Push(Array.Empty<object?>()); break;            // EMPTY_TUPLE
                case 0x85: Push(new[] { Pop() }); break;                        // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; } // TUPLE2
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; } // TUPLE3
                case (byte)'t': Push(PopToMark().ToArray()); break;             // TUPLE
                case (byte)']': Push(new List<object?>()); break;               // EMPTY_LIST
                case (byte)'a': { var item = Pop(); Peek<List<object?>>("APPEND").Add(item); break; } // APPEND
                case (byte)'e': { var items = PopToMark(); Peek<List<object?>>("APPENDS").AddRange(items); break; } // APPENDS
                case (byte)'}': Push(new PickleDict()); break;                  // EMPTY_DICT
                case (byte)'s': { var value = Pop(); var key = Pop(); AddItem(Peek<PickleDict>("SETITEM"), key, value); break; } // SETITEM
                case (byte)'u': SetItems(); break;                              // SETITEMS
                case (byte)'q': memo[ReadByte()] = PeekAny(); break;            // BINPUT
                case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = PeekAny(); break; // LONG_BINPUT
                case 0x94: memo[memo.Count] = PeekAny(); break;                 // MEMOIZE
                case (byte)'h': Push(Recall(ReadByte())); break;                // BINGET
                case (byte)'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break; // LONG_BINGET
                case (byte)'c': Push(Global(ReadLine(), ReadLine())); break;    // GLOBAL
                case 0x93: { var name = Pop(); var module = Pop(); Push(Global(AsString(module, "STACK_GLOBAL"), AsString(name, "STACK_GLOBAL"))); break; } // STACK_GLOBAL
                case (byte)'Q': Push(PersistentLoad(Pop())); break;             // BINPERSID
                case (byte)'R': { var args = Pop(); var callable = Pop(); Push(Call(callable, args)); break; } // REDUCE
                case (byte)'b': Build(); break;                                 // BUILD
                default:
                    throw Error($"opcode 0x{opcode:x2} at byte {opcodeAt} is not one a state dict uses; refusing to load it");
            }
        }
    }

    private PickleGlobal Global(string module, string name)
    {
        bool isStorage = module == "torch" && CheckpointDTypes.TryFromStorageClass(name, out _);
        if (!isStorage && !s_allowedCalls.Contains((module, name)))
        {
            throw Error($"it refers to {module}.{name}, which a PyTorch state dict never needs. Loading it could run code, " +
                "so it is refused. Only state dicts of tensors can be loaded; if you trust the file, re-save its state dict as model.safetensors");
        }
        return new PickleGlobal(module, name);
    }

    private object? Call(object? callable, object? args)
    {
        if (callable is not PickleGlobal global || args is not object?[] arguments)
            throw Error($"a call of {Describe(callable)} with {Describe(args)} is not part of a state dict");
        switch (global.Module, global.Name)
        {
            case ("collections", "OrderedDict") when arguments.Length == 0:
                return new PickleDict();
            case ("torch._utils", "_rebuild_tensor_v2" or "_rebuild_tensor") when arguments.Length >= 4:
                return RebuildTensor(arguments);
            case ("torch._utils", "_rebuild_parameter") when arguments.Length >= 1 && arguments[0] is TensorRef tensor:
                return tensor;
            default:
                throw Error($"{global} was called with {arguments.Length} arguments, which no state dict does");
        }
    }

    private TensorRef RebuildTensor(object?[] arguments)
    {
        if (arguments[0] is not StorageRef storage)
            throw Error($"a tensor's storage is {Describe(arguments[0])}; expected a storage reference");
        long offset = AsLong(arguments[1], "storage offset");
        long[] shape = AsLongs(arguments[2], "size");
        long[] stride = AsLongs(arguments[3], "stride");
        if (shape.Length != stride.Length)
            throw Error($"a tensor has size [{string.Join(", ", shape)}] but stride [{string.Join(", ", stride)}]");
        return new TensorRef(storage, offset, shape, stride);
    }

    private StorageRef PersistentLoad(object? id)
    {
        // torch.save writes ('storage', torch.FloatStorage, key, location, element count).
        if (id is object?[] { Length: 5 } parts && parts[0] is "storage" && parts[1] is PickleGlobal type
            && CheckpointDTypes.TryFromStorageClass(type.Name, out var dtype) && parts[2] is string key)
        {
            long count = AsLong(parts[4], "storage size");
            if (count < 0)
                throw Error($"storage '{key}' has a negative size");
            return new StorageRef(dtype, key, count);
        }
        throw Error($"persistent id {Describe(id)} is not a tensor storage");
    }

    private void Build()
    {
        var state = Pop();
        // A state dict's OrderedDict carries `_metadata` (module versions) as its instance state; it has
        // no bearing on the weights.
        if (PeekAny() is not PickleDict || state is not (PickleDict or null))
            throw Error($"setting the state of {Describe(PeekAny())} is not part of a state dict");
    }

    private void SetItems()
    {
        var items = PopToMark();
        var dict = Peek<PickleDict>("SETITEMS");
        if (items.Count % 2 != 0)
            throw Error("SETITEMS has an odd number of keys and values");
        for (int i = 0; i < items.Count; i += 2)
            AddItem(dict, items[i], items[i + 1]);
    }

    private void AddItem(PickleDict dict, object? key, object? value) =>
        dict.Add(new KeyValuePair<object, object?>(key ?? throw Error("a dictionary key is None"), value));

    private object? Recall(long index) =>
        memo.TryGetValue(index, out var value) ? value : throw Error($"memo entry {index} is read before it is written");

    private List<object?> PopToMark()
    {
        if (marks.Count == 0)
            throw Error("an opcode needs a MARK that is not there");
        int start = marks.Pop();
        var items = stack.GetRange(start + 1, stack.Count - start - 1);
        stack.RemoveRange(start, stack.Count - start);
        return items;
    }

    private void Push(object? value) => stack.Add(value);

    private object? Pop()
    {
        if (stack.Count == 0 || (marks.Count > 0 && marks.Peek() == stack.Count - 1))
            throw Error("the pickle pops more values than it pushed");
        var value = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private object? PeekAny() => stack.Count > 0 && stack[^1] != s_mark ? stack[^1] : throw Error("the pickle reads a value that is not there");

    private T Peek<T>(string opcode) where T : class =>
        PeekAny() as T ?? throw Error($"{opcode} applies to {Describe(PeekAny())}; expected a {typeof(T).Name}");

    private byte ReadByte() => position < data.Length ? data[position++] : throw Error("the pickle ends before STOP; the file is truncated");

    private ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > data.Length - position)
            throw Error("the pickle ends inside a value; the file is truncated");
        var span = data.AsSpan(position, count);
        position += count;
        return span;
    }

    private int ReadLength(int bytes)
    {
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(bytes));
        return length <= int.MaxValue ? (int)length : throw Error("a string is longer than the file");
    }

    private string ReadString(int length) => Encoding.UTF8.GetString(ReadBytes(length));

    private string ReadLine()
    {
        int end = Array.IndexOf(data, (byte)'\n', position);
        if (end < 0)
            throw Error("a GLOBAL name is not terminated; the file is truncated");
        var text = Encoding.ASCII.GetString(data, position, end - position);
        position = end + 1;
        return text;
    }

    private long ReadLong1()
    {
        int length = ReadByte();
        if (length > 8)
            throw Error($"an integer of {length} bytes is too large for a tensor size");
        var bytes = ReadBytes(length);
        long value = 0;
        for (int i = length - 1; i >= 0; i--)
            value = (value << 8) | bytes[i];
        if (length is > 0 and < 8 && (bytes[length - 1] & 0x80) != 0)
            value -= 1L << (8 * length);
        return value;
    }

    private long AsLong(object? value, string what) => value as long? ?? throw Error($"the {what} is {Describe(value)}; expected an integer");

    private long[] AsLongs(object? value, string what) =>
        value is object?[] items ? items.Select(i => AsLong(i, what)).ToArray() : throw Error($"the {what} is {Describe(value)}; expected a tuple of integers");

    private string AsString(object? value, string opcode) => value as string ?? throw Error($"{opcode} needs strings, got {Describe(value)}");

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        object?[] tuple => $"a tuple of {tuple.Length}",
        PickleGlobal global => global.ToString(),
        _ => value.GetType().Name,
    };

    private CheckpointException Error(string message) => new($"{source}: cannot load the pickled state dict: {message}.");
}
