using System.Collections.Immutable;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>DRIFT007: the code declares a relationship, the database has no FK constraint on its column.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MissingForeignKeyAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ForeignKeyConstraintMissing);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            if (context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            foreach (var relationship in drift.Model.RelationshipsReportedOn(Facts.Key(type)))
            {
                if (!drift.IsAnalyzable(relationship.Dependent) || !drift.IsAnalyzable(relationship.Principal)
                    || !drift.TryFindTable(relationship.Dependent, out var dependentMatch) || dependentMatch.Table is not { } dependentTable
                    || !drift.TryFindTable(relationship.Principal, out var principalMatch) || principalMatch.Table is not { } principalTable
                    || !dependentTable.ColumnsByName.TryGetValue(relationship.ForeignKey.Column, out var column)
                    || !principalTable.ColumnsByName.TryGetValue(relationship.PrincipalKey.Column, out var keyColumn))
                {
                    continue;
                }

                bool constrained = false;
                foreach (var foreignKey in dependentTable.ForeignKeys)
                {
                    foreach (var name in foreignKey.Columns)
                    {
                        constrained |= name == column.Name;
                    }
                }

                if (constrained)
                {
                    continue;
                }

                var location = drift.Locate(relationship.ForeignKey.Location);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ForeignKeyConstraintMissing,
                    location,
                    new[] { dependentMatch.File.LocationOf(column.Position) },
                    ReportFacts.Create(
                        relationship.Dependent.Name,
                        relationship.ForeignKey.Name,
                        dependentTable.Schema + "." + dependentTable.Name,
                        column.Name,
                        "references " + relationship.Principal.Name + "." + relationship.PrincipalKey.Name,
                        "no foreign key constraint to " + principalTable.Schema + "." + principalTable.Name + "." + keyColumn.Name,
                        "add the foreign key constraint (a migration)"
                            + (column.Type == keyColumn.Type ? string.Empty : ", after changing the column from " + column.Type + " to " + keyColumn.Type + ", the key's type")).ToImmutable(),
                    relationship.Dependent.Name,
                    relationship.Navigation ?? relationship.ForeignKey.Name,
                    relationship.Principal.Name,
                    dependentTable.Schema,
                    dependentTable.Name,
                    column.Name,
                    column.Type,
                    principalTable.Schema,
                    principalTable.Name,
                    keyColumn.Name,
                    keyColumn.Type,
                    dependentMatch.File.DisplayName));
            }
        }
    }
}
