using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DriftAnalyzers.Model;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Model
{
    /// <summary>
    /// A property type read once is shared by every file of the compilation that uses it. Sharing must not merge types
    /// that display differently, nor hide a file's dependency on a generic type declared in another file.
    /// </summary>
    public class TypeRefSharingTests
    {
        [Test]
        public void Types_equal_but_for_tuple_names_dynamic_or_nullability_keep_their_own_display()
        {
            var compilation = AnalyzerRunner.Compile(new List<(string, string)>
            {
                ("/src/A.cs", "namespace App;\npublic class A\n{\n    public (int Low, int High) Range { get; set; }\n    public object Payload { get; set; } = new();\n    public string? Note { get; set; }\n    public Guid? ExternalId { get; set; }\n}\n"),
                ("/src/B.cs", "namespace App;\npublic class B\n{\n    public (int From, int To) Range { get; set; }\n    public dynamic Payload { get; set; } = new object();\n    public string Note { get; set; } = \"\";\n    public Guid? ExternalId { get; set; }\n}\n"),
            });

            var a = Properties(compilation, "/src/A.cs");
            var b = Properties(compilation, "/src/B.cs");
            Assert.That(a["Range"].Type.Display, Is.EqualTo("(int Low, int High)"));
            Assert.That(b["Range"].Type.Display, Is.EqualTo("(int From, int To)"));
            Assert.That(a["Payload"].Type.Display, Is.EqualTo("object"));
            Assert.That(b["Payload"].Type.Display, Is.EqualTo("dynamic"));
            Assert.That(a["Note"].Type.Display, Is.EqualTo("string?"));
            Assert.That(b["Note"].Type.Display, Is.EqualTo("string"));
            Assert.That(b["ExternalId"].Type, Is.SameAs(a["ExternalId"].Type), "Guid? is read once for both files");
        }

        [Test]
        public void Every_file_using_a_generic_type_of_the_project_is_read_again_when_that_type_changes()
        {
            var compilation = AnalyzerRunner.Compile(new List<(string, string)>
            {
                ("/src/Bag.cs", "namespace App;\npublic class Bag<T> : List<T> { }\n"),
                ("/src/A.cs", "namespace App;\npublic class A\n{\n    public int Id { get; set; }\n    public Bag<B> Items { get; set; } = new();\n}\n"),
                ("/src/B.cs", "namespace App;\npublic class B\n{\n    public int Id { get; set; }\n    public Bag<B> Siblings { get; set; } = new();\n}\n"),
            });
            Assert.That(Properties(compilation, "/src/A.cs")["Items"].Type.IsEnumerable, Is.True);
            Assert.That(Properties(compilation, "/src/B.cs")["Siblings"].Type.IsEnumerable, Is.True);

            var bag = compilation.SyntaxTrees.Single(t => t.FilePath == "/src/Bag.cs");
            var edited = compilation.ReplaceSyntaxTree(bag, bag.WithChangedText(SourceText.From("namespace App;\npublic class Bag<T> { }\n")));

            Assert.That(Properties(edited, "/src/A.cs")["Items"].Type.IsEnumerable, Is.False);
            Assert.That(Properties(edited, "/src/B.cs")["Siblings"].Type.IsEnumerable, Is.False);
        }

        private static Dictionary<string, PropertyFacts> Properties(Compilation compilation, string file)
        {
            var stamp = CompilationStamp.Of(compilation, CancellationToken.None);
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == file);
            return TreeFacts.For(compilation, tree, stamp, CancellationToken.None).Types.Single().Properties.ToDictionary(p => p.Name);
        }
    }
}
