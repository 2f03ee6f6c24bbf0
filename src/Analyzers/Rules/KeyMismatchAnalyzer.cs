using System.Collections.Immutable;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>DRIFT011: the entity's (single-property) key is not the table's primary key.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class KeyMismatchAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.KeyMismatch);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            if (drift.AnalyzableEntity(context.Symbol) is not { Key: { } key } entity || entity.IsView
                || !drift.TryFindTable(entity, out var match) || match.Table is not { } table
                || !table.ColumnsByName.ContainsKey(key.Column))
            {
                return;
            }

            var primaryKey = table.PrimaryKey;
            if (primaryKey != null && primaryKey.Columns.Count == 1 && primaryKey.Columns[0] == key.Column)
            {
                return;
            }

            string actual = primaryKey == null
                ? "has no primary key"
                : "has the primary key " + primaryKey.Name + " (" + string.Join(", ", primaryKey.Columns) + ")";
            var location = drift.Locate(entity.Location);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.KeyMismatch,
                location,
                new[] { match.File.LocationOf(table.Position) },
                entity.Name,
                key.Name,
                key.Column,
                table.Schema,
                table.Name,
                actual,
                match.File.DisplayName + GeneratedCode.Note(location)));
        }
    }
}
