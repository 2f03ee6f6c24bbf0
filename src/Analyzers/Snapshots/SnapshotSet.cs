using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
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
    /// Every valid snapshot among the compilation's AdditionalFiles, indexed for O(1) lookups by exact
    /// (case-sensitive, as PostgreSQL) schema and name, with a case-insensitive index for "did you mean" hints.
    /// </summary>
    internal sealed class SnapshotSet
    {
        private readonly Dictionary<string, TableMatch> exact = new Dictionary<string, TableMatch>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> byLowerCase = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> ambiguous = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<TableSnapshot, Dictionary<string, ColumnSnapshot>> columns = new Dictionary<TableSnapshot, Dictionary<string, ColumnSnapshot>>();
        private readonly object columnsLock = new object();

        private SnapshotSet(ImmutableArray<SnapshotFile> files, ImmutableArray<SnapshotProblem>.Builder problems)
        {
            Files = files;
            foreach (var file in files)
            {
                foreach (var table in file.Snapshot.Tables)
                {
                    Add(file, table.Schema, table.Name, new TableMatch(file, table, null), table.Position, problems);
                }

                foreach (var view in file.Snapshot.Views)
                {
                    Add(file, view.Schema, view.Name, new TableMatch(file, null, view), view.Position, problems);
                }
            }

            Problems = problems.ToImmutable();
        }

        public ImmutableArray<SnapshotFile> Files { get; }

        /// <summary>Unreadable files, unknown versions, tables claimed by two snapshots.</summary>
        public ImmutableArray<SnapshotProblem> Problems { get; }

        public bool IsEmpty => Files.IsEmpty;

        /// <summary>A comma-separated list of the snapshot files, for messages.</summary>
        public string DisplayNames
        {
            get
            {
                var names = new string[Files.Length];
                for (int i = 0; i < names.Length; i++)
                {
                    names[i] = Files[i].DisplayName;
                }

                return string.Join(", ", names);
            }
        }

        public static SnapshotSet Create(ImmutableArray<AdditionalText> additionalFiles, Func<SourceText, SnapshotReadResult> read, CancellationToken cancellationToken)
        {
            var files = ImmutableArray.CreateBuilder<SnapshotFile>();
            var problems = ImmutableArray.CreateBuilder<SnapshotProblem>();
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
                if (result.Snapshot != null)
                {
                    files.Add(new SnapshotFile(additional.Path, text, result.Snapshot));
                }
                else if (result.Error != null)
                {
                    problems.Add(new SnapshotProblem(
                        additional.Path,
                        SnapshotFile.Locate(additional.Path, text, result.Line, result.Column),
                        "Schema snapshot " + Path.GetFileName(additional.Path) + " cannot be read: " + result.Error + " (line " + result.Line + ", column " + result.Column + "); its entities are not checked until it is fixed or taken again with 'drift snapshot'"));
                }
            }

            // Deterministic order whatever order the build lists the files in.
            files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            return new SnapshotSet(files.ToImmutable(), problems);
        }

        private void Add(SnapshotFile file, string schema, string name, TableMatch match, SnapshotPosition position, ImmutableArray<SnapshotProblem>.Builder problems)
        {
            string key = Key(schema, name);
            if (exact.TryGetValue(key, out var existing))
            {
                if (ambiguous.Add(key))
                {
                    problems.Add(new SnapshotProblem(
                        file.Path,
                        file.LocationOf(position),
                        "Table " + schema + "." + name + " is in two schema snapshots, " + existing.File.DisplayName + " and " + file.DisplayName
                        + "; entities mapped to it are not checked until one snapshot is removed from the AdditionalFiles"));
                }

                return;
            }

            exact.Add(key, match);
            if (!byLowerCase.ContainsKey(key))
            {
                byLowerCase.Add(key, key);
            }
        }

        private static string Key(string schema, string name) => schema + "\u0001" + name;

        public bool IsAmbiguous(string schema, string name) => ambiguous.Contains(Key(schema, name));

        public bool TryFind(string schema, string name, out TableMatch match) => exact.TryGetValue(Key(schema, name), out match);

        /// <summary>A table or view whose name differs only by case, as <c>schema.name</c>, or null.</summary>
        public string? FindCaseInsensitive(string schema, string name)
            => byLowerCase.TryGetValue(Key(schema, name), out var key) ? key.Replace('\u0001', '.') : null;

        /// <summary>The columns of a table by exact name (built once per table, on first use).</summary>
        public Dictionary<string, ColumnSnapshot> ColumnsOf(TableSnapshot table)
        {
            lock (columnsLock)
            {
                if (!columns.TryGetValue(table, out var map))
                {
                    map = new Dictionary<string, ColumnSnapshot>(StringComparer.Ordinal);
                    foreach (var column in table.Columns)
                    {
                        map[column.Name] = column;
                    }

                    columns.Add(table, map);
                }

                return map;
            }
        }
    }
}
