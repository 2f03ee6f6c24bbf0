using System.Collections.Immutable;
using DriftAnalyzers.Model;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>DRIFT005: a declared maximum length or precision that differs from the column's <c>varchar(n)</c> / <c>numeric(p,s)</c>.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LengthPrecisionAnalyzer : DriftRuleAnalyzer
    {
        /// <summary>Diagnostic property: the database's values for the attribute's arguments ("255", or "12,2").</summary>
        public const string ValuesProperty = "Values";

        /// <summary>Diagnostic property: the attribute to rewrite ("MaxLength", "StringLength", "Precision").</summary>
        public const string AttributeProperty = "Attribute";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LengthPrecisionMismatch, Descriptors.DatabaseDiffersFromMigrations);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            if (context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            foreach (var (entity, property) in drift.Model.PropertiesReportedOn(Facts.Key(type)))
            {
                if (property.Facet is not { } facet || !drift.IsAnalyzable(entity)
                    || !drift.TryFindTable(entity, out var match) || match.Table is not { } table
                    || !table.ColumnsByName.TryGetValue(property.Column, out var column))
                {
                    continue;
                }

                var kind = PostgresType.Parse(column.Type, match.File.Snapshot).Kind;
                if ((facet.IsLength && kind != PgKind.Text) || (!facet.IsLength && kind != PgKind.Numeric))
                {
                    continue;
                }

                var typmod = EntityModelBuilder.Typmod(column.Type);
                bool same = facet.IsLength
                    ? typmod is { } length && length.Size == facet.Size
                    : typmod is { } precision && precision.Size == facet.Size && (precision.Scale ?? 0) == (facet.Scale ?? 0);
                if (same)
                {
                    continue;
                }

                if (property.MigrationsStoreType is { } created && created != column.Type
                    && DatabaseDiffersFromMigrations.TryReport(context, drift, entity, property, match, column.Position, column.Type, " as " + created))
                {
                    continue;
                }

                bool fixable = facet.Fixable && typmod is not null;
                var properties = ReportFacts.Create(
                    entity.Name,
                    property.Name,
                    table.Schema + "." + table.Name,
                    column.Name,
                    facet.Describe(),
                    column.Type,
                    fixable ? "set `" + facet.Source + "` to the column's " + (facet.IsLength ? "length" : "precision") + " (code fix)"
                        : "change " + facet.Source + " to match " + column.Type + ", or change the column (a migration)");
                if (fixable && typmod is { } values)
                {
                    properties.Add(AttributeProperty, facet.Source.Trim('[', ']'));
                    properties.Add(ValuesProperty, facet.IsLength ? values.Size.ToString(System.Globalization.CultureInfo.InvariantCulture) : values.Size + "," + (values.Scale ?? 0));
                }

                var location = drift.Locate(property.Location);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.LengthPrecisionMismatch,
                    location,
                    new[] { match.File.LocationOf(column.Position) },
                    properties.ToImmutable(),
                    entity.Name,
                    property.Name,
                    facet.Describe(),
                    table.Schema,
                    table.Name,
                    column.Name,
                    column.Type,
                    match.File.DisplayName + GeneratedCode.Note(location)));
            }
        }
    }
}
