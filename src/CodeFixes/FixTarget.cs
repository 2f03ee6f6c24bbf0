using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DriftAnalyzers.CodeFixes
{
    /// <summary>Where the code fixes edit: the property a diagnostic points at, in a document that is not generated.</summary>
    internal static class FixTarget
    {
        /// <summary>
        /// The document's root, or null when it is generated code: that is regenerated, not edited (the diagnostic says
        /// so), and no fix touches it.
        /// </summary>
        public static async Task<SyntaxNode?> EditableRootAsync(Document document, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root == null || GeneratedCode.IsGenerated(root.SyntaxTree) ? null : root;
        }

        /// <summary>
        /// An initializer that only silences CS8618 on a non-nullable reference (<c>= null!</c>, <c>= default!</c>,
        /// <c>= ""</c>, <c>= string.Empty</c>): a fix that changes the property's type or nullability may drop it.
        /// </summary>
        public static bool IsPlaceholder(EqualsValueClauseSyntax? initializer)
            => initializer?.Value switch
            {
                PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression, Operand: LiteralExpressionSyntax literal } =>
                    literal.IsKind(SyntaxKind.NullLiteralExpression) || literal.IsKind(SyntaxKind.DefaultLiteralExpression),
                LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } text => text.Token.ValueText.Length == 0,
                MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Empty", Expression: var owner } =>
                    owner is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.StringKeyword } || owner.ToString() is "String" or "System.String",
                _ => false,
            };

        /// <summary>The property declaration the diagnostic is reported on, if any.</summary>
        public static PropertyDeclarationSyntax? Property(SyntaxNode root, Diagnostic diagnostic)
            => root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<PropertyDeclarationSyntax>();
    }
}
