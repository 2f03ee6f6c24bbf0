using System.Collections.Generic;
using System.Collections.Immutable;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>DRIFT011: the entity's key (composite keys included) is not the table's primary key.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class KeyMismatchAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.KeyMismatch);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            foreach (var entity in drift.AnalyzableEntities(context.Symbol))
            {
                Analyze(context, drift, entity);
            }
        }

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift, EntityMapping entity)
        {
            var key = entity.KeyProperties;
            if (key.IsEmpty || entity.IsView || !drift.TryFindTable(entity, out var match) || match.Table is not { } table)
            {
                return;
            }

            var columns = new List<string>(key.Length);
            foreach (var property in key)
            {
                if (!table.ColumnsByName.ContainsKey(property.Column))
                {
                    // A missing key column is DRIFT003's finding.
                    return;
                }

                columns.Add(property.Column);
            }

            var primaryKey = table.PrimaryKey;
            if (primaryKey != null && SameColumns(primaryKey.Columns, columns))
            {
                return;
            }

            string actual = primaryKey == null
                ? "has no primary key"
                : "has the primary key " + primaryKey.Name + " (" + string.Join(", ", primaryKey.Columns) + ")";
            var names = new List<string>(key.Length);
            foreach (var property in key)
            {
                names.Add(property.Name);
            }

            var location = drift.Locate(entity.Location);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.KeyMismatch,
                location,
                new[] { match.File.LocationOf(table.Position) },
                ReportFacts.Create(
                    entity.Name,
                    string.Join(", ", names),
                    table.Schema + "." + table.Name,
                    string.Join(", ", columns),
                    "key " + string.Join(", ", names),
                    primaryKey == null ? "no primary key" : "primary key " + primaryKey.Name + " (" + string.Join(", ", primaryKey.Columns) + ")",
                    primaryKey == null ? "add the primary key (a migration)" : "make the code's key the table's primary key (HasKey), or change the primary key (a migration)").ToImmutable(),
                entity.Name,
                string.Join(", ", names),
                (columns.Count == 1 ? "column " : "columns ") + string.Join(", ", columns),
                table.Schema,
                table.Name,
                actual,
                match.File.DisplayName + GeneratedCode.Note(location)));
        }

        /// <summary>The same columns, in any order: a key identifies rows by its set of columns.</summary>
        private static bool SameColumns(IReadOnlyList<string> primaryKey, List<string> key)
        {
            if (primaryKey.Count != key.Count)
            {
                return false;
            }

            foreach (var column in key)
            {
                bool found = false;
                foreach (var other in primaryKey)
                {
                    found |= other == column;
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
