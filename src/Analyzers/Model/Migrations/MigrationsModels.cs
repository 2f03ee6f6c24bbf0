using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DriftAnalyzers.Model.Migrations
{
    /// <summary>
    /// The migrations model snapshots a compilation can see: those among its own files (the project holds its
    /// migrations), and those handed to it as AdditionalFiles (<c>*.cs</c>; the package adds the model snapshots of the
    /// solution's other projects, for a Domain project without EF Core or a context whose migrations live in their own
    /// assembly). Each file is read once per content.
    /// </summary>
    internal static class MigrationsModels
    {
        private static readonly FileCache<ModelsInFile> ByFile = new FileCache<ModelsInFile>();

        private const int MaxAdditionalContents = 64;
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, ImmutableArray<MigrationsModel>> ByAdditionalContent = new Dictionary<string, ImmutableArray<MigrationsModel>>(StringComparer.Ordinal);
        private static readonly Queue<string> AdditionalOrder = new Queue<string>();

        /// <summary>The model snapshots declared in <paramref name="compilation"/>'s own files.</summary>
        public static List<MigrationsModel> InCompilation(Compilation compilation, CancellationToken cancellationToken)
        {
            var result = new List<MigrationsModel>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                var models = ByFile.Get(SourceId.Of(tree), (tree, cancellationToken), (_, _) => true, s => Read(s.tree, s.cancellationToken)).Models;
                result.AddRange(models);
            }

            return result;
        }

        /// <summary>The model snapshots the C# AdditionalFiles declare, but for files that are also among the compilation's own.</summary>
        public static List<MigrationsModel> InAdditionalFiles(ImmutableArray<AdditionalText> files, Compilation compilation, CancellationToken cancellationToken)
        {
            var result = new List<MigrationsModel>();
            HashSet<string>? own = null;
            foreach (var file in files)
            {
                if (!file.Path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (own == null)
                {
                    own = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var tree in compilation.SyntaxTrees)
                    {
                        own.Add(tree.FilePath);
                    }
                }

                if (own.Contains(file.Path) || file.GetText(cancellationToken) is not { } text)
                {
                    continue;
                }

                result.AddRange(ReadAdditional(file.Path, text, cancellationToken));
            }

            return result;
        }

        private static ModelsInFile Read(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var text = tree.GetText(cancellationToken);
            return new ModelsInFile(SourceId.Of(tree), MayDeclare(text) ? ModelSnapshotReader.Read(tree, cancellationToken) : ImmutableArray<MigrationsModel>.Empty);
        }

        /// <summary>The cheap test, on the text's chunks (no copy of a large file unless it may be one).</summary>
        private static bool MayDeclare(SourceText text) => text.Length > 0 && ModelSnapshotReader.MayDeclareSnapshot(text.ToString());

        /// <summary>An AdditionalFile's snapshots, parsed once per path and content (the path is part of the locations it holds).</summary>
        private static ImmutableArray<MigrationsModel> ReadAdditional(string path, SourceText text, CancellationToken cancellationToken)
        {
            var checksum = text.GetChecksum();
            string key = path + "\u0001" + Convert.ToBase64String(checksum.IsDefault ? Array.Empty<byte>() : System.Linq.ImmutableArrayExtensions.ToArray(checksum));
            lock (Gate)
            {
                if (ByAdditionalContent.TryGetValue(key, out var kept))
                {
                    return kept;
                }
            }

            var models = MayDeclare(text)
                ? ModelSnapshotReader.Read(CSharpSyntaxTree.ParseText(text, path: path, cancellationToken: cancellationToken), cancellationToken)
                : ImmutableArray<MigrationsModel>.Empty;
            lock (Gate)
            {
                if (!ByAdditionalContent.ContainsKey(key))
                {
                    ByAdditionalContent.Add(key, models);
                    AdditionalOrder.Enqueue(key);
                    if (AdditionalOrder.Count > MaxAdditionalContents)
                    {
                        ByAdditionalContent.Remove(AdditionalOrder.Dequeue());
                    }
                }
            }

            return models;
        }

        /// <summary>What one file declares: read from its syntax alone, so it holds while its content is the same.</summary>
        private sealed class ModelsInFile : IReadFromFile
        {
            public ModelsInFile(SourceId source, ImmutableArray<MigrationsModel> models)
            {
                Source = source;
                Models = models;
            }

            public SourceId Source { get; }

            public ImmutableArray<MigrationsModel> Models { get; }
        }
    }
}
