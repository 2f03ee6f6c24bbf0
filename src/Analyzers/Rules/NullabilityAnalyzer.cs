using System.Collections.Immutable;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>DRIFT004: a nullable property on a NOT NULL column, or a required one on a nullable column.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NullabilityAnalyzer : DriftRuleAnalyzer
    {
        /// <summary>Diagnostic property: "MakeNullable" or "MakeRequired", present when the type's <c>?</c> decides and the fix may change it.</summary>
        public const string FixProperty = "NullabilityFix";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NullabilityMismatch, Descriptors.DatabaseDiffersFromMigrations);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            if (context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            foreach (var (entity, property) in drift.Model.PropertiesReportedOn(Facts.Key(type)))
            {
                if (property.Required is not bool required || property.Converted || !drift.IsAnalyzable(entity)
                    || !drift.TryFindTable(entity, out var match) || match.Table is not { } table
                    || !table.ColumnsByName.TryGetValue(property.Column, out var column) || column.Generated != null)
                {
                    continue;
                }

                // EF Core always treats the key as required, every part of a composite one included.
                bool isKey = entity.Key == property || entity.KeyProperties.Contains(property);
                required |= isKey;
                if (required == !column.Nullable)
                {
                    continue;
                }

                if (DatabaseDiffersFromMigrations.TryReport(context, drift, entity, property, match, column.Position, column.Nullable ? "nullable" : "NOT NULL", required ? " NOT NULL" : " nullable"))
                {
                    continue;
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                if (property.RequiredByType && !isKey)
                {
                    properties.Add(FixProperty, required ? "MakeNullable" : "MakeRequired");
                }

                string declared = property.Property.Type.Display
                    + (property.RequiredByType || isKey ? string.Empty : ", [Required] or IsRequired");
                var location = drift.Locate(property.Location);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.NullabilityMismatch,
                    location,
                    new[] { match.File.LocationOf(column.Position) },
                    properties.ToImmutable(),
                    entity.Name,
                    property.Name,
                    required ? "required" : "nullable",
                    declared,
                    table.Schema,
                    table.Name,
                    column.Name,
                    column.Type,
                    column.Nullable ? "nullable" : "NOT NULL",
                    required ? "reading a NULL fails or yields null where the code promises a value" : "inserting or updating null fails",
                    match.File.DisplayName + GeneratedCode.Note(location)));
            }
        }
    }
}
