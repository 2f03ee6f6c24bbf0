using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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
    /// <summary>DRIFT005: rewrites [MaxLength], [StringLength] or [Precision] on the property to the column's values.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LengthPrecisionFixer)), Shared]
    public sealed class LengthPrecisionFixer : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.LengthPrecisionMismatch);

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
                if (property == null || !diagnostic.Properties.TryGetValue(LengthPrecisionAnalyzer.AttributeProperty, out var name) || name == null
                    || !diagnostic.Properties.TryGetValue(LengthPrecisionAnalyzer.ValuesProperty, out var values) || values == null || Find(property, name) == null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create("Set [" + name + "] to the column's " + values.Replace(",", ", "), token => FixAsync(context.Document, diagnostic, name, values, token), "DRIFT005.UseColumnValues"),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, string name, string values, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var property = root == null ? null : FixTarget.Property(root, diagnostic);
            if (root == null || property == null || Find(property, name) is not { } attribute)
            {
                return document;
            }

            var arguments = SyntaxFactory.SeparatedList<AttributeArgumentSyntax>();
            var numbers = values.Split(',');
            for (int i = 0; i < numbers.Length; i++)
            {
                // [Precision(12)] becomes [Precision(12, 2)] when the column has a scale; named arguments (ErrorMessage) stay.
                if (i == 1 && name != "Precision")
                {
                    break;
                }

                if (i == 1 && numbers[1] == "0" && (attribute.ArgumentList?.Arguments.Count ?? 0) < 2)
                {
                    break;
                }

                arguments = arguments.Add(SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(
                    SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(int.Parse(numbers[i], CultureInfo.InvariantCulture)))));
            }

            if (attribute.ArgumentList != null)
            {
                foreach (var argument in attribute.ArgumentList.Arguments)
                {
                    if (argument.NameEquals != null || argument.NameColon != null)
                    {
                        arguments = arguments.Add(argument);
                    }
                }
            }

            var updated = attribute.WithArgumentList(SyntaxFactory.AttributeArgumentList(arguments).WithTriviaFrom(attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList()));
            return document.WithSyntaxRoot(root.ReplaceNode(attribute, updated));
        }

        private static AttributeSyntax? Find(PropertyDeclarationSyntax property, string name)
        {
            foreach (var list in property.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    string simple = attribute.Name is QualifiedNameSyntax q ? q.Right.Identifier.ValueText : attribute.Name.ToString();
                    if (simple == name || simple == name + "Attribute")
                    {
                        return attribute;
                    }
                }
            }

            return null;
        }
    }
}
