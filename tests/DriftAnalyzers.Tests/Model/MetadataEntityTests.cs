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
        [Test]
        public async Task A_navigation_to_an_entity_of_another_assembly_raises_nothing_about_its_shadow_foreign_key()
        {
            var found = await FindingsAsync(
                "public class AppDbContext : DbContext\n{\n    public DbSet<Shared.User> Users => Set<Shared.User>();\n    public DbSet<Order> Orders => Set<Order>();\n}\n",
                "public class Order\n{\n    public int Id { get; set; }\n    public Shared.User User { get; set; } = null!;\n}\n",
                null,
                new SnapshotJson().Table("public", "Users", "Id integer", "Name text").Table("public", "Orders", "Id integer", "UserId integer"));

            // The shadow foreign key (UserId, from the navigation to the library's User) is a column of the entity: nothing
            // says the column is unmapped. What is reported is true of these test tables: no foreign key constraint
            // (DRIFT007), no primary keys (DRIFT011, left out here).
            Assert.That(found, Is.EqualTo(new[]
            {
                "DRIFT007 /Order.cs: Relationship 'Order.User' → 'User': column public.Orders.UserId (integer) has no foreign key constraint to public.Users.Id (integer) in the database (snapshot app.json (database app))",
                "DRIFT013 /AppDbContext.cs: DbContext 'AppDbContext': its entities declared in other assemblies (User) are not checked: without migrations nothing tells their project how they are mapped; with migrations (dotnet ef migrations add), the package hands their model snapshot to the projects that declare them",
            }), string.Join("\n", found));
        }

        [Test]
        public async Task An_entity_of_another_assembly_is_the_principal_of_a_foreign_key_and_the_owner_of_its_table()
        {
            var found = await FindingsAsync(
                "public class AppDbContext : DbContext\n{\n    public DbSet<Shared.User> Users => Set<Shared.User>();\n    public DbSet<Order> Orders => Set<Order>();\n    public DbSet<Account> Accounts => Set<Account>();\n}\n",
                "public class Order\n{\n    public int Id { get; set; }\n    public Guid UserId { get; set; }\n    public Shared.User User { get; set; } = null!;\n}\n",
                "[System.ComponentModel.DataAnnotations.Schema.Table(\"Users\")]\npublic class Account\n{\n    public int Id { get; set; }\n    public string Name { get; set; } = \"\";\n}\n",
                new SnapshotJson().Table("public", "Users", "Id integer", "Name text").Table("public", "Orders", "Id integer", "UserId uuid"));

            Assert.That(found, Is.EqualTo(new[]
            {
                "DRIFT006 /Order.cs: Property 'Order.UserId' is declared Guid but is the foreign key to 'User.Id', which is int: the database cannot create the constraint and joins compare different types",
                "DRIFT007 /Order.cs: Relationship 'Order.User' → 'User': column public.Orders.UserId (uuid) has no foreign key constraint to public.Users.Id (integer) in the database (snapshot app.json (database app))",
                "DRIFT008 /Account.cs: Entity 'Account' maps to table public.Users, which entity 'User' also maps to, without table splitting or inheritance",
                "DRIFT013 /AppDbContext.cs: DbContext 'AppDbContext': its entities declared in other assemblies (User) are not checked: without migrations nothing tells their project how they are mapped; with migrations (dotnet ef migrations add), the package hands their model snapshot to the projects that declare them",
            }), string.Join("\n", found));
        }

        /// <summary>
        /// The findings (but DRIFT011: these test tables declare no primary key) for a context, an Order and optionally an
        /// Account, compiled against a library that declares Shared.User.
        /// </summary>
        private static async Task<string[]> FindingsAsync(string context, string order, string? account, SnapshotJson snapshot)
        {
            var sources = new[] { ("/AppDbContext.cs", Usings.EfCore + context), ("/Order.cs", order) }.ToList();
            if (account != null)
            {
                sources.Add(("/Account.cs", account));
            }

            var compilation = AnalyzerRunner.Compile(sources, References.All.Add(Library("namespace Shared { public class User { public int Id { get; set; } public string Name { get; set; } = \"\"; } }")));
            Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);

            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation, snapshot.ToString());

            Assert.That(exceptions, Is.Empty);
            return diagnostics.Where(d => d.Id != "DRIFT011")
                .Select(d => d.Id + " " + d.Location.SourceTree?.FilePath + ": " + d.GetMessage())
                .OrderBy(m => m, System.StringComparer.Ordinal)
                .ToArray();
        }

        private static PortableExecutableReference Library(string source)
        {
            var library = CSharpCompilation.Create("Shared", new[] { CSharpSyntaxTree.ParseText(source) }, References.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var image = new MemoryStream();
            var emitted = library.Emit(image);
            Assert.That(emitted.Success, Is.True, string.Join("\n", emitted.Diagnostics));
            return MetadataReference.CreateFromImage(image.ToArray());
        }
    }
}
