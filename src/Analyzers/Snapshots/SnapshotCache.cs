using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DriftAnalyzers.Snapshots
{
    /// <summary>
    /// Parses each snapshot once per content. The compiler host keeps a <see cref="SourceText"/> alive while the file
    /// is unchanged, and <see cref="ValueProvider"/> caches on it; a second level keyed by the content's checksum serves
    /// other projects that include the same file. Memory stays proportional to the snapshots, not to the compilations.
    /// </summary>
    internal static class SnapshotCache
    {
        private const int MaxContents = 16;
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, SnapshotReadResult> ByChecksum = new Dictionary<string, SnapshotReadResult>(StringComparer.Ordinal);
        private static readonly Queue<string> Order = new Queue<string>();
        private static int parses;

        public static readonly SourceTextValueProvider<SnapshotReadResult> ValueProvider = new SourceTextValueProvider<SnapshotReadResult>(Read);

        /// <summary>How many times a snapshot text was actually parsed (for tests and benchmarks).</summary>
        public static int ParseCount => parses;

        private static SnapshotReadResult Read(SourceText text)
        {
            string checksum = Hex(text.GetChecksum());
            lock (Gate)
            {
                if (ByChecksum.TryGetValue(checksum, out var cached))
                {
                    return cached;
                }
            }

            string content = text.ToString();
            var result = SnapshotReader.HasFormatMarker(content) ? SnapshotReader.Read(content) : SnapshotReadResult.NotASnapshot;
            System.Threading.Interlocked.Increment(ref parses);
            lock (Gate)
            {
                if (!ByChecksum.ContainsKey(checksum))
                {
                    ByChecksum.Add(checksum, result);
                    Order.Enqueue(checksum);
                    if (Order.Count > MaxContents)
                    {
                        ByChecksum.Remove(Order.Dequeue());
                    }
                }
            }

            return result;
        }

        private static string Hex(ImmutableArray<byte> bytes)
        {
            var chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = "0123456789abcdef"[bytes[i] >> 4];
                chars[(2 * i) + 1] = "0123456789abcdef"[bytes[i] & 15];
            }

            return new string(chars);
        }
    }
}
