using System.Collections.Generic;
using System.Collections.Immutable;
using DriftAnalyzers.Model;
using DriftAnalyzers.Snapshots;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>
    /// DRIFT012: a NOT NULL column without a default (nor identity, nor generation) that no property maps. Only on entities
    /// the analyzers map completely: a shadow or owned property could otherwise be the column's owner.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RequiredColumnUnmappedAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RequiredColumnUnmapped);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            foreach (var entity in drift.AnalyzableEntities(context.Symbol))
            {
                if (entity.FullyMapped && !entity.ReadOnly && drift.TryFindTable(entity, out var match) && match.Table is { } table)
                {
                    Analyze(context, drift, entity, match, table);
                }
            }
        }

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift, EntityMapping entity, TableMatch match, TableSnapshot table)
        {
            var mapped = entity.TableColumns ?? new HashSet<string>(System.StringComparer.Ordinal);
            if (entity.TableColumns == null)
            {
                foreach (var property in entity.Properties)
                {
                    mapped.Add(property.Column);
                }
            }

            var unmapped = new List<string>();
            foreach (var column in table.Columns)
            {
                if (!column.Nullable && column.Default == null && column.Identity == null && column.Generated == null && !mapped.Contains(column.Name))
                {
                    unmapped.Add(column.Name + " (" + column.Type + ")");
                }
            }

            if (unmapped.Count == 0)
            {
                return;
            }

            var location = drift.Locate(entity.Location);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RequiredColumnUnmapped,
                location,
                new[] { match.File.LocationOf(table.Position) },
                ReportFacts.Create(
                    entity.Name,
                    null,
                    table.Schema + "." + table.Name,
                    string.Join(", ", unmapped),
                    "no property maps " + (unmapped.Count == 1 ? "it" : "them"),
                    "NOT NULL, no default",
                    "map the column to a property, give it a default, or make it nullable (a migration)").ToImmutable(),
                entity.Name,
                table.Schema,
                table.Name,
                (unmapped.Count == 1 ? "column " + unmapped[0] + " is" : "columns " + string.Join(", ", unmapped) + " are"),
                unmapped.Count == 1 ? "it" : "them",
                match.File.DisplayName + GeneratedCode.Note(location)));
        }
    }
}
