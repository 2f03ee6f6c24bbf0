using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using DriftAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace DriftAnalyzers.CodeFixes
{
    /// <summary>
    /// DRIFT001 and DRIFT006: rewrites the property's type to the CLR type its column maps to (or, for a foreign key, to
    /// the type of the key it references) (<c>Guid UserId</c> → <c>int UserId</c>,
    /// <c>Guid?</c> → <c>int?</c>), and a disagreeing <c>[Column(TypeName = "...")]</c> to the column's type. Offered
    /// only on auto-properties without an initializer but a CS8618 placeholder (<c>= null!</c>, <c>= ""</c>), which goes:
    /// there the new declaration is sure to compile.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ColumnTypeFixer)), Shared]
    public sealed class ColumnTypeFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ColumnTypeMismatch, DiagnosticIds.ForeignKeyTypeMismatch);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await FixTarget.EditableRootAsync(context.Document, context.CancellationToken).ConfigureAwait(false);
            if (root == null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var property = FixTarget.Property(root, diagnostic);
                if (property == null || !CanFix(property, diagnostic))
                {
                    continue;
                }

                string columnType = diagnostic.Properties.TryGetValue(ColumnTypeAnalyzer.ColumnTypeProperty, out var c) && c != null ? c : "?";
                string reason = diagnostic.Properties.TryGetValue(ColumnTypeAnalyzer.ReasonProperty, out var r) && r != null ? r : string.Empty;
                string title = await NewTypeAsync(context.Document, property, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } newType
                    ? "Change the type of '" + property.Identifier.ValueText + "' to " + newType.ToString().Replace("global::System.", string.Empty).Replace("global::", string.Empty) + " (" + reason + ")"
                    : "Set the column type of '" + property.Identifier.ValueText + "' to " + columnType;
                context.RegisterCodeFix(
                    CodeAction.Create(title, token => FixAsync(context.Document, diagnostic, token), diagnostic.Id + ".ChangeType"),
                    diagnostic);
            }
        }

        private static bool CanFix(PropertyDeclarationSyntax property, Diagnostic diagnostic)
        {
            bool changeType = diagnostic.Properties.ContainsKey(ColumnTypeAnalyzer.ChangeTypeProperty);
            bool fixTypeName = diagnostic.Properties.ContainsKey(ColumnTypeAnalyzer.FixTypeNameProperty) && FindTypeName(property) != null;
            if (!changeType && !fixTypeName)
            {
                return false;
            }

            // Changing the type of a property with an initializer (other than a CS8618 placeholder, which goes) or accessor
            // bodies could break code that compiled.
            if (changeType && ((property.Initializer != null && !FixTarget.IsPlaceholder(property.Initializer)) || property.ExpressionBody != null || property.AccessorList == null))
            {
                return false;
            }

            if (changeType)
            {
                foreach (var accessor in property.AccessorList!.Accessors)
                {
                    if (accessor.Body != null || accessor.ExpressionBody != null)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var property = root == null ? null : FixTarget.Property(root, diagnostic);
            if (root == null || property == null || !CanFix(property, diagnostic))
            {
                return document;
            }

            var updated = property;
            if (diagnostic.Properties.TryGetValue(ColumnTypeAnalyzer.ColumnTypeProperty, out var columnType) && columnType != null
                && diagnostic.Properties.ContainsKey(ColumnTypeAnalyzer.FixTypeNameProperty)
                && FindTypeName(updated) is { } typeName)
            {
                updated = updated.ReplaceNode(typeName, typeName.WithExpression(
                    SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(columnType)).WithTriviaFrom(typeName.Expression)));
            }

            if (await NewTypeAsync(document, property, diagnostic, cancellationToken).ConfigureAwait(false) is { } type)
            {
                var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                bool annotations = semanticModel != null && (semanticModel.GetNullableContext(property.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
                bool valueType = diagnostic.Properties.TryGetValue(ColumnTypeAnalyzer.TargetIsValueTypeProperty, out var v) && v == "true";
                updated = updated.WithType(type
                    .WithTriviaFrom(updated.Type)
                    .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
                if (updated.Initializer != null)
                {
                    updated = updated.WithInitializer(null).WithSemicolonToken(default)
                        .WithAccessorList(updated.AccessorList!.WithTrailingTrivia(property.SemicolonToken.TrailingTrivia));
                }

                // A non-nullable reference type under nullable annotations needs an initializer, or the build warns (CS8618).
                if (!valueType && annotations && type is not NullableTypeSyntax && updated.Initializer == null)
                {
                    var accessors = updated.AccessorList!;
                    updated = updated
                        .WithAccessorList(accessors.WithTrailingTrivia(SyntaxFactory.Space))
                        .WithInitializer(SyntaxFactory.EqualsValueClause(
                            SyntaxFactory.PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression))))
                        .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(accessors.GetTrailingTrivia()));
                }
            }

            // Qualified names (global::System.Guid) get their using directive, then reduce to the simple name.
            var changed = document.WithSyntaxRoot(root.ReplaceNode(property, updated));
            changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The type the fix writes, or null when it changes no type: the target, nullable where the property was (a
        /// <c>long?</c> becomes <c>int?</c>), or for a reference type under nullable annotations where the column allows NULL.
        /// </summary>
        private static async Task<TypeSyntax?> NewTypeAsync(Document document, PropertyDeclarationSyntax property, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.ContainsKey(ColumnTypeAnalyzer.ChangeTypeProperty)
                || !diagnostic.Properties.TryGetValue(ColumnTypeAnalyzer.TargetTypeProperty, out var target) || target == null)
            {
                return null;
            }

            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            bool annotations = semanticModel != null && (semanticModel.GetNullableContext(property.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
            bool valueType = diagnostic.Properties.TryGetValue(ColumnTypeAnalyzer.TargetIsValueTypeProperty, out var v) && v == "true";
            bool wasNullable = property.Type is NullableTypeSyntax
                || (semanticModel?.GetTypeInfo(property.Type, cancellationToken).Type?.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T);
            bool columnNullable = diagnostic.Properties.TryGetValue(ColumnTypeAnalyzer.ColumnNullableProperty, out var n) && n == "true";
            TypeSyntax type = SyntaxFactory.ParseTypeName(target);
            bool nullable = valueType ? wasNullable : annotations && (wasNullable || columnNullable);
            return nullable ? SyntaxFactory.NullableType(type) : type;
        }

        /// <summary>The <c>TypeName = "..."</c> argument of the property's [Column] attribute, if any.</summary>
        private static AttributeArgumentSyntax? FindTypeName(PropertyDeclarationSyntax property)
        {
            foreach (var list in property.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    string name = attribute.Name is QualifiedNameSyntax q ? q.Right.Identifier.ValueText : attribute.Name.ToString();
                    if ((name == "Column" || name == "ColumnAttribute") && attribute.ArgumentList != null)
                    {
                        foreach (var argument in attribute.ArgumentList.Arguments)
                        {
                            if (argument.NameEquals?.Name.Identifier.ValueText == "TypeName")
                            {
                                return argument;
                            }
                        }
                    }
                }
            }

            return null;
        }
    }
}
