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

                bool fixable = property.RequiredByType && !isKey;
                string declared = property.Property.Type.Display + (property.RequiredByType || isKey ? string.Empty : ", " + RequiredBy(entity, property, required));
                string fix = fixable
                    ? (required ? "make the property nullable: `" + property.Property.Type.Display + "?` (code fix)" : "make the property non-nullable: `" + property.Property.Type.Display.TrimEnd('?') + "` (code fix)")
                    : isKey ? "make the key column NOT NULL (a migration)"
                    : required ? "remove " + RequiredBy(entity, property, required) + ", or make the column NOT NULL (a migration)"
                    : "make the property required, or the column nullable (a migration)";
                var properties = ReportFacts.Create(
                    entity.Name,
                    property.Name,
                    table.Schema + "." + table.Name,
                    column.Name,
                    (required ? "required" : "nullable") + " (" + declared + ")",
                    column.Type + (column.Nullable ? ", nullable" : ", NOT NULL"),
                    fix);
                if (fixable)
                {
                    properties.Add(FixProperty, required ? "MakeNullable" : "MakeRequired");
                }

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

        /// <summary>What makes the property required (or not) other than its type: [Required], IsRequired(), or the migrations' model snapshot.</summary>
        private static string RequiredBy(EntityMapping entity, PropertyMapping property, bool required)
            => required && property.Property.Attribute(Facts.RequiredAttribute) != null ? "[Required]"
                : entity.FromMigrations != null ? (required ? "IsRequired() in the migrations' model snapshot" : "IsRequired(false) in the migrations' model snapshot")
                : required ? "IsRequired()" : "IsRequired(false)";
    }
}
