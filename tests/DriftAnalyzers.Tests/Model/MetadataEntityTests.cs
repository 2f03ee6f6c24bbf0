using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Model
{
    /// <summary>Entities whose class lives in a referenced assembly (a DbSet of a library's type): no source, no facts.</summary>
    public class MetadataEntityTests
    {
        private static PortableExecutableReference Library(string source)
        {
            var library = CSharpCompilation.Create("Shared", new[] { CSharpSyntaxTree.ParseText(source) }, References.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var image = new MemoryStream();
            var emitted = library.Emit(image);
            Assert.That(emitted.Success, Is.True, string.Join("\n", emitted.Diagnostics));
            return MetadataReference.CreateFromImage(image.ToArray());
        }

        [Test]
        public async Task A_navigation_to_an_entity_of_another_assembly_raises_nothing_about_its_shadow_foreign_key()
        {
            var shared = Library("namespace Shared { public class User { public int Id { get; set; } public string Name { get; set; } = \"\"; } }");
            var compilation = AnalyzerRunner.Compile(
                new[]
                {
                    ("/AppDbContext.cs", Usings.EfCore + "public class AppDbContext : DbContext\n{\n    public DbSet<Shared.User> Users => Set<Shared.User>();\n    public DbSet<Order> Orders => Set<Order>();\n}\n"),
                    ("/Order.cs", "public class Order\n{\n    public int Id { get; set; }\n    public Shared.User User { get; set; } = null!;\n}\n"),
                },
                References.All.Add(shared));
            Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
            var snapshot = new SnapshotJson()
                .Table("public", "Users", "Id integer", "Name text")
                .Table("public", "Orders", "Id integer", "UserId integer")
                .ToString();

            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation, snapshot);

            Assert.That(exceptions, Is.Empty);
            // The shadow foreign key (UserId, from the navigation to the library's User) is a column of the entity: nothing
            // says the column is unmapped. What is reported is true of these test tables: no foreign key constraint
            // (DRIFT007), no primary keys (DRIFT011, left out here).
            Assert.That(diagnostics.Where(d => d.Id != "DRIFT011").Select(d => d.Id + ": " + d.GetMessage()), Is.EqualTo(new[]
            {
                "DRIFT007: Relationship 'Order.User' → 'User': column public.Orders.UserId (integer) has no foreign key constraint to public.Users.Id (integer) in the database (snapshot app.json (database app))",
            }));
        }
        [Test]
        public async Task An_entity_of_another_assembly_is_the_principal_of_a_foreign_key_and_the_owner_of_its_table()
        {
            var shared = Library("namespace Shared { public class User { public int Id { get; set; } public string Name { get; set; } = \"\"; } }");
            var compilation = AnalyzerRunner.Compile(
                new[]
                {
                    ("/AppDbContext.cs", Usings.EfCore + "public class AppDbContext : DbContext\n{\n    public DbSet<Shared.User> Users => Set<Shared.User>();\n    public DbSet<Order> Orders => Set<Order>();\n    public DbSet<Account> Accounts => Set<Account>();\n}\n"),
                    ("/Order.cs", "public class Order\n{\n    public int Id { get; set; }\n    public Guid UserId { get; set; }\n    public Shared.User User { get; set; } = null!;\n}\n"),
                    ("/Account.cs", "[System.ComponentModel.DataAnnotations.Schema.Table(\"Users\")]\npublic class Account\n{\n    public int Id { get; set; }\n    public string Name { get; set; } = \"\";\n}\n"),
                },
                References.All.Add(shared));
            Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
            var snapshot = new SnapshotJson()
                .Table("public", "Users", "Id integer", "Name text")
                .Table("public", "Orders", "Id integer", "UserId uuid")
                .ToString();

            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation, snapshot);

            Assert.That(exceptions, Is.Empty);
            var found = diagnostics.Where(d => d.Id != "DRIFT011").Select(d => d.Id + " " + d.Location.SourceTree?.FilePath + ": " + d.GetMessage()).OrderBy(m => m, System.StringComparer.Ordinal).ToArray();
            Assert.That(found, Is.EqualTo(new[]
            {
                "DRIFT006 /Order.cs: Property 'Order.UserId' is declared Guid but is the foreign key to 'User.Id', which is int: the database cannot create the constraint and joins compare different types",
                "DRIFT007 /Order.cs: Relationship 'Order.User' → 'User': column public.Orders.UserId (uuid) has no foreign key constraint to public.Users.Id (integer) in the database (snapshot app.json (database app))",
                "DRIFT008 /Account.cs: Entity 'Account' maps to table public.Users, which entity 'User' also maps to, without table splitting or inheritance",
            }), string.Join("\n", found));
        }
    }
}
