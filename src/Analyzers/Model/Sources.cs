using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace DriftAnalyzers.Model
{
    /// <summary>
    /// A source file by its content: its path, the checksum of its text, and the options it is parsed with. Two syntax
    /// trees with equal ids parse to the same tree, so what was read from one holds for the other. This is what lets the
    /// facts outlive a build: the command-line compiler's server runs one build after another in one process, and each
    /// build parses every file again into new trees. A tree without a path gets an id of its own that equals no other.
    /// </summary>
    internal sealed class SourceId : IEquatable<SourceId>
    {
        private static readonly ConditionalWeakTable<SyntaxTree, SourceId> ByTree = new ConditionalWeakTable<SyntaxTree, SourceId>();
        private static readonly ConditionalWeakTable<ParseOptions, string> ParseKeys = new ConditionalWeakTable<ParseOptions, string>();

        private readonly byte[] checksum;
        private readonly string parseKey;
        private readonly int hashCode;

        private SourceId(string path, byte[] checksum, string parseKey)
        {
            Path = path;
            this.checksum = checksum;
            this.parseKey = parseKey;
            hashCode = StringComparer.Ordinal.GetHashCode(path) ^ (checksum.Length >= 4 ? BitConverter.ToInt32(checksum, 0) : 0);
        }

        /// <summary>The file's path; empty for a tree that has none (its id is then its own).</summary>
        public string Path { get; }

        public static SourceId Of(SyntaxTree tree) => ByTree.GetValue(tree, Create);

        private static SourceId Create(SyntaxTree tree)
        {
            string path = tree.FilePath ?? string.Empty;
            if (path.Length == 0)
            {
                return new SourceId(string.Empty, Array.Empty<byte>(), string.Empty);
            }

            // The command-line compiler has the checksum already (it writes it to the PDB); an editor's text computes it once.
            var text = tree.GetText();
            var sum = text.GetChecksum();
            var bytes = new byte[sum.Length];
            sum.CopyTo(bytes);
            string parseKey = ParseKeys.GetValue(tree.Options, ParseKey) + "\u0001" + (int)text.ChecksumAlgorithm + "\u0001" + text.Encoding?.WebName;
            return new SourceId(path, bytes, parseKey);
        }

        private static string ParseKey(ParseOptions options)
        {
            var key = new StringBuilder(options.Language).Append('\u0001').Append((int)options.Kind).Append('\u0001').Append((int)options.DocumentationMode);
            if (options is CSharpParseOptions csharp)
            {
                key.Append('\u0001').Append((int)csharp.LanguageVersion);
            }

            var symbols = new List<string>(options.PreprocessorSymbolNames);
            symbols.Sort(StringComparer.Ordinal);
            key.Append('\u0001').Append(string.Join(";", symbols));
            var features = new List<string>();
            foreach (var pair in options.Features)
            {
                features.Add(pair.Key + "=" + pair.Value);
            }

            features.Sort(StringComparer.Ordinal);
            return key.Append('\u0001').Append(string.Join(";", features)).ToString();
        }

        public bool Equals(SourceId? other)
        {
            if (ReferenceEquals(other, this))
            {
                return true;
            }

            if (other == null || other.hashCode != hashCode || Path.Length == 0 || !string.Equals(other.Path, Path, StringComparison.Ordinal)
                || other.checksum.Length != checksum.Length || !string.Equals(other.parseKey, parseKey, StringComparison.Ordinal))
            {
                return false;
            }

            for (int i = 0; i < checksum.Length; i++)
            {
                if (checksum[i] != other.checksum[i])
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as SourceId);

        public override int GetHashCode() => hashCode;

        public override string ToString() => Path;
    }

    /// <summary>A span in a source file, free of any compilation: facts keep it, a compilation turns it into a <see cref="Location"/> (<see cref="SourceIndex"/>).</summary>
    internal readonly struct FileSpan : IEquatable<FileSpan>
    {
        public FileSpan(SourceId file, TextSpan span)
        {
            File = file;
            Span = span;
        }

        /// <summary>The file, or null: no span (a type or property from metadata).</summary>
        public SourceId? File { get; }

        public TextSpan Span { get; }

        public bool IsNone => File == null;

        /// <summary>Where <paramref name="location"/> is, or none when it is not in source.</summary>
        public static FileSpan Of(Location location)
            => location.IsInSource && location.SourceTree is { } tree ? new FileSpan(SourceId.Of(tree), location.SourceSpan) : default;

        public bool Equals(FileSpan other) => Span == other.Span && (File == null ? other.File == null : File.Equals(other.File));

        public override bool Equals(object? obj) => obj is FileSpan other && Equals(other);

        public override int GetHashCode() => Span.GetHashCode() ^ (File?.GetHashCode() ?? 0);

        public static bool operator ==(FileSpan left, FileSpan right) => left.Equals(right);

        public static bool operator !=(FileSpan left, FileSpan right) => !left.Equals(right);
    }

    /// <summary>A compilation's trees by <see cref="SourceId"/>, built once per compilation: where kept facts are found again.</summary>
    internal sealed class SourceIndex
    {
        private static readonly ConditionalWeakTable<Compilation, SourceIndex> ByCompilation = new ConditionalWeakTable<Compilation, SourceIndex>();

        private readonly Dictionary<SourceId, SyntaxTree> trees = new Dictionary<SourceId, SyntaxTree>();

        private SourceIndex(Compilation compilation)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                var id = SourceId.Of(tree);
                if (!trees.ContainsKey(id))
                {
                    trees.Add(id, tree);
                }
            }
        }

        public static SourceIndex Of(Compilation compilation) => ByCompilation.GetValue(compilation, c => new SourceIndex(c));

        public bool Contains(SourceId file) => trees.ContainsKey(file);

        /// <summary>Whether the span is in one of the compilation's files.</summary>
        public bool Contains(FileSpan span) => span.File != null && Contains(span.File);

        /// <summary><paramref name="location"/> if its file is part of the compilation, else <paramref name="otherwise"/>.</summary>
        public FileSpan Here(FileSpan location, FileSpan otherwise)
            => Contains(location) ? location : otherwise;

        /// <summary>The compilation's tree with that content, or null.</summary>
        public SyntaxTree? Tree(SourceId? file) => file != null && trees.TryGetValue(file, out var tree) ? tree : null;

        /// <summary>The span in this compilation's tree, or <see cref="Location.None"/> when the file is not part of it.</summary>
        public Location Location(FileSpan span) => Tree(span.File) is { } tree ? Microsoft.CodeAnalysis.Location.Create(tree, span.Span) : Microsoft.CodeAnalysis.Location.None;
    }

    /// <summary>
    /// The files something kept across compilations was read from, by content: it holds in a compilation that has every
    /// one of them (an edited file has another <see cref="SourceId"/>).
    /// </summary>
    internal sealed class SourceFiles
    {
        public static readonly SourceFiles None = new SourceFiles(Array.Empty<SyntaxTree>());

        private readonly SourceId[] files;

        public SourceFiles(ICollection<SyntaxTree> trees)
            : this(trees, Array.Empty<SourceId>())
        {
        }

        /// <summary>The files of <paramref name="trees"/> and <paramref name="others"/> (a file in both is checked twice, which is harmless).</summary>
        public SourceFiles(ICollection<SyntaxTree> trees, ICollection<SourceId> others)
        {
            files = new SourceId[trees.Count + others.Count];
            int i = 0;
            foreach (var tree in trees)
            {
                files[i++] = SourceId.Of(tree);
            }

            others.CopyTo(files, i);
        }

        /// <summary>Whether one of the files, as <paramref name="index"/> has it, satisfies <paramref name="predicate"/>.</summary>
        public bool Any(SourceIndex index, Func<SyntaxTree, bool> predicate)
        {
            foreach (var file in files)
            {
                if (index.Tree(file) is { } tree && predicate(tree))
                {
                    return true;
                }
            }

            return false;
        }

        public bool AllIn(SourceIndex index)
        {
            foreach (var file in files)
            {
                if (!index.Contains(file))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The few recent values a cache keeps, newest first: a new array each time, so readers need no lock.</summary>
    internal static class MostRecentFirst
    {
        /// <summary><paramref name="value"/> followed by the newest of <paramref name="recent"/>, at most <paramref name="max"/> in all.</summary>
        public static T[] Add<T>(T[] recent, T value, int max)
        {
            var next = new T[Math.Min(recent.Length + 1, max)];
            next[0] = value;
            Array.Copy(recent, 0, next, 1, next.Length - 1);
            return next;
        }
    }

    /// <summary>Something read from one file, which a <see cref="FileCache{T}"/> keeps.</summary>
    internal interface IReadFromFile
    {
        SourceId Source { get; }
    }

    /// <summary>
    /// What was read from each file, kept across compilations and builds by the file's content: a few recent versions per
    /// path (an editor's last edits; one project built for two target frameworks), found again by <see cref="SourceId"/>.
    /// Bounded: beyond <see cref="MaxPaths"/> paths everything is dropped and read again. A tree without a path keeps its
    /// versions as long as it lives.
    /// </summary>
    internal sealed class FileCache<T>
        where T : class, IReadFromFile
    {
        private const int VersionsPerPath = 4;
        private const int MaxPaths = 100_000;

        private readonly ConcurrentDictionary<string, T[]> byPath = new ConcurrentDictionary<string, T[]>(StringComparer.Ordinal);
        private readonly ConditionalWeakTable<SourceId, StrongBox<T[]>> withoutPath = new ConditionalWeakTable<SourceId, StrongBox<T[]>>();

        /// <summary>A kept version read from <paramref name="file"/> for which <paramref name="holds"/> is true, else <paramref name="read"/>'s, kept.</summary>
        public T Get<TState>(SourceId file, TState state, Func<T, TState, bool> holds, Func<TState, T> read)
        {
            var recent = Recent(file);
            foreach (var kept in recent)
            {
                if (kept.Source.Equals(file) && holds(kept, state))
                {
                    return kept;
                }
            }

            var value = read(state);
            var versions = MostRecentFirst.Add(recent, value, VersionsPerPath);
            if (file.Path.Length == 0)
            {
                Volatile.Write(ref withoutPath.GetValue(file, _ => new StrongBox<T[]>(Array.Empty<T>())).Value, versions);
            }
            else
            {
                if (byPath.Count >= MaxPaths)
                {
                    byPath.Clear();
                }

                byPath[file.Path] = versions;
            }

            return value;
        }

        private T[] Recent(SourceId file)
        {
            if (file.Path.Length == 0)
            {
                return withoutPath.TryGetValue(file, out var box) ? Volatile.Read(ref box.Value) : Array.Empty<T>();
            }

            return byPath.TryGetValue(file.Path, out var versions) ? versions : Array.Empty<T>();
        }
    }
}
