using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DriftAnalyzers.Snapshots
{
    /// <summary>One snapshot file as the analyzers see it: where it is, what it says, and how to point into it.</summary>
    internal sealed class SnapshotFile
    {
        public SnapshotFile(string path, SourceText text, SchemaSnapshot snapshot)
        {
            Path = path;
            Text = text;
            Snapshot = snapshot;
        }

        public string Path { get; }

        public SourceText Text { get; }

        public SchemaSnapshot Snapshot { get; }

        /// <summary>How messages name the file: <c>audit_app.json (database audit_app)</c>.</summary>
        public string DisplayName => System.IO.Path.GetFileName(Path) + " (database " + Snapshot.Database + ")";

        /// <summary>A location in the snapshot file, e.g. the line of a table or column, for "go to".</summary>
        public Location LocationOf(SnapshotPosition position) => Locate(Path, Text, position.Line, position.Column);

        public static Location Locate(string path, SourceText text, int line, int column)
        {
            if (line < 1 || text.Lines.Count == 0)
            {
                return Location.Create(path, default, default);
            }

            var textLine = text.Lines[Math.Min(line, text.Lines.Count) - 1];
            int start = Math.Min(textLine.Start + Math.Max(column - 1, 0), textLine.End);
            var span = TextSpan.FromBounds(start, textLine.End);
            return Location.Create(path, span, text.Lines.GetLinePositionSpan(span));
        }
    }

    /// <summary>A table (or view) found in a snapshot.</summary>
    internal readonly struct TableMatch
    {
        public string QualifiedName => Table?.QualifiedName ?? View!.QualifiedName;

        public SnapshotPosition Position => Table?.Position ?? View!.Position;

        public TableMatch(SnapshotFile file, TableSnapshot? table, ViewSnapshot? view)
        {
            File = file;
            Table = table;
            View = view;
        }

        public SnapshotFile File { get; }

        public TableSnapshot? Table { get; }

        public ViewSnapshot? View { get; }
    }

    /// <summary>A problem with a snapshot file, reported as DRIFT010 where it is.</summary>
    internal sealed class SnapshotProblem
    {
        public SnapshotProblem(string path, Location location, string message)
        {
            Path = path;
            Location = location;
            Message = message;
        }

        public string Path { get; }

        public Location Location { get; }

        public string Message { get; }
    }

    /// <summary>
    /// Every valid snapshot among the compilation's AdditionalFiles, indexed for O(1) lookups by exact (case-sensitive,
    /// as PostgreSQL) database, schema and name, with case-insensitive indexes for "did you mean" hints. Snapshots of
    /// different databases may hold tables of the same name; two snapshots of the same database are a problem.
    /// </summary>
    internal sealed class SnapshotSet
    {
        private readonly Dictionary<string, SnapshotFile> byDatabase = new Dictionary<string, SnapshotFile>(StringComparer.Ordinal);
        private readonly HashSet<string> ambiguousDatabases = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, TableMatch> exact = new Dictionary<string, TableMatch>(StringComparer.Ordinal);
        private readonly Dictionary<string, TableMatch> exactIgnoringCase = new Dictionary<string, TableMatch>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, TableMatch> anyDatabase = new Dictionary<string, TableMatch>(StringComparer.Ordinal);
        private readonly Dictionary<string, TableMatch> anyDatabaseIgnoringCase = new Dictionary<string, TableMatch>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> inSeveralDatabases = new HashSet<string>(StringComparer.Ordinal);

        private SnapshotSet(ImmutableArray<SnapshotFile> files, ImmutableArray<SnapshotProblem>.Builder problems)
        {
            // Two snapshots of one database: neither is used (not even the first in path order, which may be the stale
            // one), so that what DRIFT010 says, "its entities are not checked", is what happens.
            var first = new Dictionary<string, SnapshotFile>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                string database = file.Snapshot.Database;
                if (first.TryGetValue(database, out var earlier))
                {
                    ambiguousDatabases.Add(database);
                    problems.Add(new SnapshotProblem(
                        file.Path,
                        SnapshotFile.Locate(file.Path, file.Text, 1, 1),
                        "Schema snapshots " + System.IO.Path.GetFileName(earlier.Path) + " and " + System.IO.Path.GetFileName(file.Path) + " are both of database " + database
                        + "; its entities are not checked until only one of them is among the AdditionalFiles"));
                }
                else
                {
                    first.Add(database, file);
                }
            }

            var indexed = ImmutableArray.CreateBuilder<SnapshotFile>();
            foreach (var file in files)
            {
                string database = file.Snapshot.Database;
                if (ambiguousDatabases.Contains(database) || byDatabase.ContainsKey(database))
                {
                    continue;
                }

                byDatabase.Add(database, file);
                indexed.Add(file);
                foreach (var table in file.Snapshot.Tables)
                {
                    Add(file, table.Schema, table.Name, new TableMatch(file, table, null));
                }

                foreach (var view in file.Snapshot.Views)
                {
                    Add(file, view.Schema, view.Name, new TableMatch(file, null, view));
                }
            }

            Files = indexed.ToImmutable();
            Problems = problems.ToImmutable();
        }

        /// <summary>The usable snapshots, one per database, in path order.</summary>
        public ImmutableArray<SnapshotFile> Files { get; }

        /// <summary>Unreadable files, unknown versions, two snapshots of one database.</summary>
        public ImmutableArray<SnapshotProblem> Problems { get; }

        public bool IsEmpty => Files.IsEmpty && ambiguousDatabases.Count == 0;

        /// <summary>How many databases the snapshots are of.</summary>
        public int DatabaseCount => byDatabase.Count;

        public bool HasDatabase(string database) => byDatabase.ContainsKey(database);

        /// <summary>Two snapshots are of this database: its entities are not checked (DRIFT010 says why).</summary>
        public bool IsAmbiguousDatabase(string database) => ambiguousDatabases.Contains(database);

        /// <summary>
        /// Some database has two snapshots, and none is used: an entity whose database is not chosen (any snapshot) may
        /// be of that one, so it is not checked either.
        /// </summary>
        public bool HasAmbiguousDatabase => ambiguousDatabases.Count > 0;

        /// <summary>The snapshot files, for messages: all of them, or the one of <paramref name="database"/>.</summary>
        public string DisplayNames(string? database)
        {
            if (database != null && byDatabase.TryGetValue(database, out var file))
            {
                return file.DisplayName;
            }

            var names = new string[Files.Length];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = Files[i].DisplayName;
            }

            return string.Join(", ", names);
        }

        /// <summary>The databases, sorted, for messages.</summary>
        public string DatabaseNames
        {
            get
            {
                var names = new List<string>(byDatabase.Keys);
                names.Sort(StringComparer.Ordinal);
                return string.Join(", ", names);
            }
        }

        // The sets of the last few distinct snapshot inputs. A build, and every keystroke in the editor, starts a
        // compilation; its snapshots are the same parsed contents as the last one's (SnapshotCache), so the set and its
        // indexes are too. Bounded, so memory follows the snapshots, not the compilations.
        private const int MaxSets = 8;
        private static readonly object RecentGate = new object();
        private static readonly List<SnapshotSet> Recent = new List<SnapshotSet>();

        // What the set was made from: each contributing file's path and parsed content (shared per content).
        private (string Path, SnapshotReadResult Result)[] inputs = Array.Empty<(string, SnapshotReadResult)>();

        public static SnapshotSet Create(ImmutableArray<AdditionalText> additionalFiles, Func<SourceText, SnapshotReadResult> read, CancellationToken cancellationToken)
        {
            var contributing = new List<(string Path, SourceText Text, SnapshotReadResult Result)>();
            foreach (var additional in additionalFiles)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!additional.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var text = additional.GetText(cancellationToken);
                if (text == null)
                {
                    continue;
                }

                var result = read(text);
                if (result.Snapshot != null || result.Error != null)
                {
                    contributing.Add((additional.Path, text, result));
                }
            }

            lock (RecentGate)
            {
                foreach (var recent in Recent)
                {
                    if (recent.IsMadeFrom(contributing))
                    {
                        return recent;
                    }
                }
            }

            var files = ImmutableArray.CreateBuilder<SnapshotFile>();
            var problems = ImmutableArray.CreateBuilder<SnapshotProblem>();
            foreach (var (path, text, result) in contributing)
            {
                if (result.Snapshot != null)
                {
                    files.Add(new SnapshotFile(path, text, result.Snapshot));
                }
                else
                {
                    problems.Add(new SnapshotProblem(
                        path,
                        SnapshotFile.Locate(path, text, result.Line, result.Column),
                        "Schema snapshot " + Path.GetFileName(path) + " cannot be read: " + result.Error + " (line " + result.Line + ", column " + result.Column + "); its entities are not checked until it is fixed or taken again with 'drift snapshot'"));
                }
            }

            // Deterministic order whatever order the build lists the files in.
            files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            var set = new SnapshotSet(files.ToImmutable(), problems) { inputs = contributing.Select(c => (c.Path, c.Result)).ToArray() };
            lock (RecentGate)
            {
                Recent.Insert(0, set);
                if (Recent.Count > MaxSets)
                {
                    Recent.RemoveAt(Recent.Count - 1);
                }
            }

            return set;
        }

        private bool IsMadeFrom(List<(string Path, SourceText Text, SnapshotReadResult Result)> others)
        {
            if (inputs.Length != others.Count)
            {
                return false;
            }

            for (int i = 0; i < inputs.Length; i++)
            {
                if (!string.Equals(inputs[i].Path, others[i].Path, StringComparison.Ordinal) || !ReferenceEquals(inputs[i].Result, others[i].Result))
                {
                    return false;
                }
            }

            return true;
        }

        private void Add(SnapshotFile file, string schema, string name, TableMatch match)
        {
            string key = Key(file.Snapshot.Database, schema, name);
            exact[key] = match;
            if (!exactIgnoringCase.ContainsKey(key))
            {
                exactIgnoringCase.Add(key, match);
            }

            string anyKey = Key(null, schema, name);
            if (anyDatabase.ContainsKey(anyKey))
            {
                inSeveralDatabases.Add(anyKey);
            }
            else
            {
                anyDatabase.Add(anyKey, match);
            }

            if (!anyDatabaseIgnoringCase.ContainsKey(anyKey))
            {
                anyDatabaseIgnoringCase.Add(anyKey, match);
            }
        }

        private static string Key(string? database, string schema, string name) => (database ?? string.Empty) + "\u0002" + schema + "\u0001" + name;

        /// <summary>
        /// Finds a table or view in the snapshot of <paramref name="database"/>, or in any snapshot when it is null
        /// (then a name found in several databases is not found: it is ambiguous).
        /// </summary>
        /// <summary>The snapshot of <paramref name="database"/>; for null, the only one (null when there are several or none).</summary>
        public SnapshotFile? FileOf(string? database)
            => database != null ? (byDatabase.TryGetValue(database, out var file) ? file : null)
                : byDatabase.Count == 1 && ambiguousDatabases.Count == 0 ? Files[0] : null;

        public bool TryFind(string? database, string schema, string name, out TableMatch match)
        {
            if (database == null && inSeveralDatabases.Contains(Key(null, schema, name)))
            {
                match = default;
                return false;
            }

            return (database == null ? anyDatabase : exact).TryGetValue(Key(database, schema, name), out match);
        }

        /// <summary>Whether a lookup cannot say: the name is in several databases and none was chosen.</summary>
        public bool IsAmbiguous(string? database, string schema, string name)
            => database == null && inSeveralDatabases.Contains(Key(null, schema, name));

        /// <summary>A table or view whose name differs only by case.</summary>
        public bool TryFindIgnoringCase(string? database, string schema, string name, out TableMatch match)
            => (database == null ? anyDatabaseIgnoringCase : exactIgnoringCase).TryGetValue(Key(database, schema, name), out match);
    }
}
