using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using DriftAnalyzers.Model;
using DriftAnalyzers.Snapshots;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>
    /// DRIFT018: an index of the model is not in the database; DRIFT019: the database's index on its columns differs
    /// (uniqueness, filter, method, included columns); DRIFT020: the database makes columns unique that the model does not.
    /// Indexes are matched by their columns in order, never by name (EF Core's names and hand-made ones differ). Only
    /// where the migrations' model snapshot states the model's indexes: the code alone does not list EF Core's.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class IndexAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.IndexMissing, Descriptors.IndexDiffers, Descriptors.UniqueIndexNotInModel);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            foreach (var entity in drift.AnalyzableEntities(context.Symbol))
            {
                if (entity.FromMigrations is not { } model || entity.IsView || entity.ExcludedFromMigrations
                    || !drift.TryFindTable(entity, out var match) || match.Table is not { } table)
                {
                    continue;
                }

                if (entity.Indexes is { } indexes)
                {
                    foreach (var index in indexes)
                    {
                        Check(context, drift, entity, model, match, table, index);
                    }
                }

                if (entity.TableUniqueColumns is { } unique)
                {
                    CheckExtraUnique(context, drift, entity, model, match, table, unique);
                }
            }
        }

        /// <summary>A database index or constraint over some columns.</summary>
        private readonly struct Candidate
        {
            public Candidate(string kind, string name, bool unique, string? predicate, string method, IReadOnlyList<string> include)
            {
                Kind = kind;
                Name = name;
                Unique = unique;
                Predicate = predicate;
                Method = method;
                Include = include;
            }

            public string Kind { get; }

            public string Name { get; }

            public bool Unique { get; }

            public string? Predicate { get; }

            public string Method { get; }

            public IReadOnlyList<string> Include { get; }
        }

        private static List<Candidate> CandidatesOn(TableSnapshot table, ImmutableArray<string> columns)
        {
            var candidates = new List<Candidate>();
            if (table.PrimaryKey is { } primaryKey && SameOrder(primaryKey.Columns, columns))
            {
                candidates.Add(new Candidate("primary key", primaryKey.Name, true, null, "btree", Array.Empty<string>()));
            }

            foreach (var constraint in table.UniqueConstraints)
            {
                if (SameOrder(constraint.Columns, columns))
                {
                    candidates.Add(new Candidate("unique constraint", constraint.Name, true, null, "btree", Array.Empty<string>()));
                }
            }

            foreach (var index in table.Indexes)
            {
                if (SameOrder(index.Columns, columns))
                {
                    candidates.Add(new Candidate("index", index.Name, index.Unique, index.Predicate, index.Method, index.Include));
                }
            }

            return candidates;
        }

        private static void Check(SymbolAnalysisContext context, DriftContext drift, EntityMapping entity, Model.Migrations.MigrationsModel model, TableMatch match, TableSnapshot table, IndexMapping index)
        {
            foreach (var column in index.Columns)
            {
                if (!table.ColumnsByName.ContainsKey(column))
                {
                    // A missing column is DRIFT003's finding.
                    return;
                }
            }

            string described = Describe(index);
            string columns = string.Join(", ", index.Columns);
            var candidates = CandidatesOn(table, index.Columns);
            if (candidates.Count == 0)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.IndexMissing,
                    drift.Locate(index.Location),
                    new[] { match.File.LocationOf(table.Position) },
                    entity.Name,
                    described,
                    table.Schema,
                    table.Name,
                    index.Columns.Length == 1 ? string.Empty : "s",
                    columns,
                    index.Unique ? "duplicates are no longer refused, and lookups on it scan the table" : "lookups, joins and cascading deletes on it scan the table",
                    model.FileName,
                    match.File.DisplayName));
                return;
            }

            string? firstDifference = null;
            Candidate differing = default;
            foreach (var candidate in candidates)
            {
                string? difference = Difference(index, candidate);
                if (difference == null)
                {
                    return;
                }

                if (firstDifference == null)
                {
                    firstDifference = difference;
                    differing = candidate;
                }
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.IndexDiffers,
                drift.Locate(index.Location),
                new[] { match.File.LocationOf(table.Position) },
                entity.Name,
                described,
                differing.Name,
                table.Schema,
                table.Name,
                columns,
                firstDifference,
                Consequence(index, differing),
                model.FileName,
                match.File.DisplayName));
        }

        private static string Describe(IndexMapping index)
            => (index.Unique ? "a unique index" : "an index")
               + (index.Name != null ? " " + index.Name : string.Empty)
               + " on " + string.Join(", ", index.Properties)
               + (index.Filter != null ? " filtered by " + index.Filter : string.Empty)
               + (index.Method != null ? " using " + index.Method : string.Empty)
               + (index.Include is { } include ? " including " + string.Join(", ", include) : string.Empty);

        /// <summary>What the database's index or constraint has that the model's does not, or null when it is known to agree or nothing is known.</summary>
        private static string? Difference(IndexMapping index, Candidate candidate)
        {
            if (index.Unique && !candidate.Unique)
            {
                return "not unique";
            }

            if (!index.Unique && candidate.Unique && candidate.Kind == "index")
            {
                return "unique";
            }

            if ((index.Filter == null) != (candidate.Predicate == null))
            {
                return candidate.Predicate == null ? "not filtered" : "filtered by " + candidate.Predicate;
            }

            if (index.Filter != null && candidate.Predicate != null && SqlExpression.KnownToDiffer(index.Filter, candidate.Predicate))
            {
                return "filtered by " + candidate.Predicate;
            }

            if (!string.Equals(index.Method ?? "btree", candidate.Method, StringComparison.OrdinalIgnoreCase))
            {
                return "using " + candidate.Method;
            }

            if (index.Include is { } include && !SameSet(include, candidate.Include))
            {
                return candidate.Include.Count == 0 ? "including no column" : "including " + string.Join(", ", candidate.Include);
            }

            return null;
        }

        private static string Consequence(IndexMapping index, Candidate candidate)
        {
            if (index.Unique && !candidate.Unique)
            {
                return "duplicates the model refuses get in";
            }

            if (!index.Unique && candidate.Unique)
            {
                return "inserts and updates the model allows fail with a unique violation";
            }

            return index.Unique ? "uniqueness is enforced on other rows than the model says" : "queries the index serves in the model do not use it";
        }

        private static void CheckExtraUnique(SymbolAnalysisContext context, DriftContext drift, EntityMapping entity, Model.Migrations.MigrationsModel model, TableMatch match, TableSnapshot table, List<ImmutableArray<string>> unique)
        {
            foreach (var constraint in table.UniqueConstraints)
            {
                ReportIfUnknown(context, drift, entity, model, match, table, unique, "unique constraint " + constraint.Name, constraint.Columns);
            }

            foreach (var index in table.Indexes)
            {
                if (index.Unique)
                {
                    ReportIfUnknown(context, drift, entity, model, match, table, unique, "unique index " + index.Name + (index.Predicate != null ? " (where " + index.Predicate + ")" : string.Empty), index.Columns);
                }
            }
        }

        private static void ReportIfUnknown(SymbolAnalysisContext context, DriftContext drift, EntityMapping entity, Model.Migrations.MigrationsModel model, TableMatch match, TableSnapshot table, List<ImmutableArray<string>> unique, string what, IReadOnlyList<string> columns)
        {
            var sorted = new List<string>(columns.Count);
            foreach (var column in columns)
            {
                if (!table.ColumnsByName.ContainsKey(column))
                {
                    // An expression: what it makes unique is not a set of columns.
                    return;
                }

                sorted.Add(column);
            }

            sorted.Sort(StringComparer.Ordinal);
            foreach (var set in unique)
            {
                if (SameOrder(sorted, set))
                {
                    return;
                }
            }

            // A unique index on the columns of a non-unique index of the model: DRIFT019 says so, on that index.
            foreach (var set in entity.TableIndexedColumns ?? NoSets)
            {
                if (SameOrder(sorted, set))
                {
                    return;
                }
            }

            var properties = new List<string>(columns.Count);
            foreach (var column in columns)
            {
                string name = column;
                foreach (var property in entity.Properties)
                {
                    if (property.Column == column)
                    {
                        name = property.Name;
                        break;
                    }
                }

                properties.Add(name);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UniqueIndexNotInModel,
                drift.Locate(entity.Location),
                new[] { match.File.LocationOf(table.Position) },
                entity.Name,
                table.Schema,
                table.Name,
                what,
                columns.Count == 1 ? string.Empty : "s",
                string.Join(", ", columns),
                string.Join(", ", properties),
                model.FileName,
                match.File.DisplayName));
        }

        private static readonly List<ImmutableArray<string>> NoSets = new List<ImmutableArray<string>>();

        private static bool SameOrder(IReadOnlyList<string> left, IReadOnlyList<string> right)
        {
            if (left.Count != right.Count)
            {
                return false;
            }

            for (int i = 0; i < left.Count; i++)
            {
                if (!string.Equals(left[i], right[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool SameSet(IReadOnlyList<string> left, IReadOnlyList<string> right)
        {
            if (left.Count != right.Count)
            {
                return false;
            }

            foreach (var name in left)
            {
                bool found = false;
                foreach (var other in right)
                {
                    found |= string.Equals(name, other, StringComparison.Ordinal);
                }

                if (!found)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
