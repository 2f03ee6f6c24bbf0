using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
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

        /// <summary>The property declaration the diagnostic is reported on, if any.</summary>
        public static PropertyDeclarationSyntax? Property(SyntaxNode root, Diagnostic diagnostic)
            => root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<PropertyDeclarationSyntax>();
    }
}
