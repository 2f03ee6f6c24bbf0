using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Model
{
    /// <summary>
    /// The model is read with semantic models that skip nullable analysis where the host's Roslyn offers it (4.12 and
    /// later). These tests run on Roslyn 4.14, as current Visual Studio and SDK compilers do, so every model test here
    /// reads through that path; this one makes sure the path is really taken.
    /// </summary>
    public class SemanticModelsTests
    {
        [Test]
        public void On_a_current_compiler_the_model_is_read_without_nullable_analysis()
        {
            var tree = CSharpSyntaxTree.ParseText("#nullable enable\nclass C { string? M(string? s) => s; }");
            var compilation = CSharpCompilation.Create(
                "c",
                new[] { tree },
                new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
#pragma warning disable RSEXPERIMENTAL001 // What the analyzers look up by reflection, checked here directly.
            Assert.That(SemanticModels.For(compilation, tree).NullableAnalysisIsDisabled, Is.True);
            Assert.That(compilation.GetSemanticModel(tree).NullableAnalysisIsDisabled, Is.False);
#pragma warning restore RSEXPERIMENTAL001
        }
    }
}
