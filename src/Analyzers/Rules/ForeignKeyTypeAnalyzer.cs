using System.Collections.Immutable;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>
    /// DRIFT006: a foreign key property whose type differs from the principal key it references (a Guid FK to an int key).
    /// From the code alone: it fires also when the dependent table does not exist yet, which is when the migration fails.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ForeignKeyTypeAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ForeignKeyTypeMismatch);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            if (context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            foreach (var relationship in drift.Model.RelationshipsReportedOn(Facts.Key(type)))
            {
                var foreignKey = relationship.ForeignKey;
                var key = relationship.PrincipalKey;
                // A shadow property's type is the model snapshot's, not a declaration the code could get wrong.
                if (foreignKey.Converted || key.Converted || !foreignKey.ClrType.IsKnown || !key.ClrType.IsKnown || foreignKey.Property.IsShadow || key.Property.IsShadow)
                {
                    continue;
                }

                var foreignKeyType = Unwrap(foreignKey.Property.Type);
                var keyType = Unwrap(key.Property.Type);
                if (foreignKeyType.FullDisplay == keyType.FullDisplay)
                {
                    continue;
                }

                string keyDisplay = keyType.Display.TrimEnd('?');
                bool keyIsValueType = Facts.IsValueType(keyType, drift.Model.Source);
                var properties = ReportFacts.Create(
                    relationship.Dependent.Name,
                    foreignKey.Name,
                    null,
                    foreignKey.Column,
                    foreignKey.Property.Type.Display + "; the key '" + relationship.Principal.Name + "." + key.Name + "' is " + keyDisplay,
                    null,
                    "change the type to `" + ColumnTypeAnalyzer.FixedTypeDisplay(keyType.FullDisplay, keyIsValueType, foreignKey, columnNullable: false) + "`, the type of the key '"
                        + relationship.Principal.Name + "." + key.Name + "' (code fix)");
                properties.Add(ColumnTypeAnalyzer.ChangeTypeProperty, "true");
                properties.Add(ColumnTypeAnalyzer.TargetTypeProperty, keyType.FullDisplay);
                properties.Add(ColumnTypeAnalyzer.TargetIsValueTypeProperty, keyIsValueType ? "true" : "false");
                properties.Add(ColumnTypeAnalyzer.ColumnNullableProperty, "false");
                properties.Add(ColumnTypeAnalyzer.ReasonProperty, "the key " + relationship.Principal.Name + "." + key.Name + " is " + keyDisplay);
                var location = drift.Locate(foreignKey.Location);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ForeignKeyTypeMismatch,
                    location,
                    properties.ToImmutable(),
                    relationship.Dependent.Name,
                    foreignKey.Name,
                    foreignKey.Property.Type.Display,
                    relationship.Principal.Name,
                    key.Name,
                    keyDisplay));
            }
        }

        /// <summary>The type without <c>Nullable&lt;T&gt;</c> (a nullable annotation is not part of <see cref="TypeRef.FullDisplay"/>): int? and int reference each other fine.</summary>
        private static TypeRef Unwrap(TypeRef type) => type.NullableOf ?? type;
    }
}
