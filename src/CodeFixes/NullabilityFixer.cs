using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using DriftAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DriftAnalyzers.CodeFixes
{
    /// <summary>
    /// DRIFT004: makes the property's type agree with the column: <c>T</c> → <c>T?</c> for a nullable column,
    /// <c>T?</c> → <c>T</c> for a NOT NULL one (with <c>= null!</c> for a reference type under nullable annotations, as
    /// EF Core's documentation does, so the build stays free of CS8618). Making a property nullable drops the placeholder
    /// initializer that only silenced CS8618 (<c>= null!</c>, <c>= ""</c>, <c>= string.Empty</c>). Offered only where the
    /// type's <c>?</c> decides.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NullabilityFixer)), Shared]
    public sealed class NullabilityFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NullabilityMismatch);

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
                if (property == null || !diagnostic.Properties.TryGetValue(NullabilityAnalyzer.FixProperty, out var fix) || property.AccessorList == null)
                {
                    continue;
                }

                string title = fix == "MakeNullable"
                    ? "Make '" + property.Identifier.ValueText + "' nullable (the column is nullable)"
                    : "Make '" + property.Identifier.ValueText + "' non-nullable (the column is NOT NULL)";
                context.RegisterCodeFix(CodeAction.Create(title, token => FixAsync(context.Document, diagnostic, fix!, token), "DRIFT004.MatchColumnNullability"), diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, string fix, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var property = root == null ? null : FixTarget.Property(root, diagnostic);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root == null || property == null || semanticModel == null || property.AccessorList == null)
            {
                return document;
            }

            bool isValueType = semanticModel.GetTypeInfo(property.Type, cancellationToken).Type?.IsValueType == true;
            PropertyDeclarationSyntax updated;
            if (fix == "MakeNullable")
            {
                if (property.Type is NullableTypeSyntax)
                {
                    return document;
                }

                updated = property.WithType(SyntaxFactory.NullableType(property.Type.WithoutTrivia()).WithTriviaFrom(property.Type));

                // "= null!", "= default!", "= \"\"" and "= string.Empty" are what silences CS8618 on a non-nullable string; on
                // a property whose column holds NULL they only hide it (string? DisplayName = "" reads as "never null").
                if (FixTarget.IsPlaceholder(property.Initializer))
                {
                    updated = updated.WithInitializer(null).WithSemicolonToken(default)
                        .WithAccessorList(updated.AccessorList!.WithTrailingTrivia(property.SemicolonToken.TrailingTrivia));
                }
            }
            else
            {
                if (property.Type is not NullableTypeSyntax nullable)
                {
                    return document;
                }

                updated = property.WithType(nullable.ElementType.WithTriviaFrom(property.Type));
                bool annotations = (semanticModel.GetNullableContext(property.SpanStart) & NullableContext.AnnotationsEnabled) != 0;
                if (!isValueType && annotations && property.Initializer == null)
                {
                    var accessors = updated.AccessorList!;
                    updated = updated
                        .WithAccessorList(accessors.WithTrailingTrivia(SyntaxFactory.Space))
                        .WithInitializer(SyntaxFactory.EqualsValueClause(
                            SyntaxFactory.PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression))))
                        .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(accessors.GetTrailingTrivia()));
                }
            }

            return document.WithSyntaxRoot(root.ReplaceNode(property, updated));
        }
    }
}
