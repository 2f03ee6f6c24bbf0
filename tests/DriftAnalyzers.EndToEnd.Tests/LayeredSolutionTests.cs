using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using DriftAnalyzers.TempPostgres;
using NUnit.Framework;

namespace DriftAnalyzers.EndToEnd.Tests
{
    /// <summary>
    /// The usual Clean Architecture layout, as docs/layered-solutions.md describes it: a Domain project with the entities and
    /// no EF Core, a Persistence project with the DbContext, its configuration classes and the migrations that the real
    /// <c>dotnet ef</c> generates, and an App project. The package, referenced by every project, hands the Domain project the
    /// Persistence project's model snapshot: on the database the migrations create nothing is reported, and a column changed
    /// by hand is reported once, on the entity's declaration in the Domain project.
    /// </summary>
    [NonParallelizable]
    public sealed class LayeredSolutionTests
    {
        private const string EfToolVersion = "10.0.15";

        [Test]
        public async Task A_Domain_project_without_EF_Core_is_checked_through_the_Persistence_projects_migrations()
        {
            string work = Directory.CreateTempSubdirectory("drift-layered-").FullName;
            try
            {
                string version = "0.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
                string feed = Path.Combine(work, "feed");
                var pack = Shell.Run(Shell.RepositoryRoot, "dotnet", "pack", "src/Package/DriftAnalyzers.Package.csproj", "-c", "Release", "-o", feed, "-p:Version=" + version);
                Assert.That(pack.ExitCode, Is.EqualTo(0), pack.ToString());

                string root = Path.Combine(work, "Shop");
                WriteSolution(root, feed, version);

                using var server = PostgresServer.Start();
                server.CreateDatabase("shop");
                var environment = new Dictionary<string, string> { ["SHOP_DB"] = server.ConnectionString("shop") };

                Run(root, environment, "dotnet", "new", "tool-manifest");
                Run(root, environment, "dotnet", "tool", "install", "dotnet-ef", "--version", EfToolVersion);
                Run(root, environment, "dotnet", "restore", "src/Shop.App/Shop.App.csproj");
                Run(root, environment, "dotnet", "ef", "migrations", "add", "InitialCreate", "--project", "src/Shop.Persistence", "--output-dir", "Migrations");
                Run(root, environment, "dotnet", "ef", "database", "update", "--project", "src/Shop.Persistence");
                Assert.That(File.Exists(Path.Combine(root, "src", "Shop.Persistence", "Migrations", "ShopDbContextModelSnapshot.cs")), Is.True);

                await SnapshotAsync(server, root);
                var clean = Run(root, environment, "dotnet", "build", "src/Shop.App/Shop.App.csproj", "--no-incremental");
                Assert.That(Findings(clean.Output), Is.Empty, clean.Output);

                // A column changed by hand after the migration: reported once, on the Domain project's declaration (not again on
                // the model snapshot), as what it is: the database is at the latest migration (the package hands the Domain
                // project the migrations' designer files), so DRIFT017 in place of DRIFT001.
                string migration = Path.GetFileNameWithoutExtension(Directory.GetFiles(Path.Combine(root, "src", "Shop.Persistence", "Migrations"), "*_InitialCreate.Designer.cs").Single()).Replace(".Designer", string.Empty, System.StringComparison.Ordinal);
                server.Execute("shop", "ALTER TABLE catalog.products ALTER COLUMN sku TYPE integer USING 0; DROP TABLE catalog.review;");
                await SnapshotAsync(server, root);
                var drifted = Run(root, environment, "dotnet", "build", "src/Shop.App/Shop.App.csproj", "--no-incremental");
                Assert.That(Findings(drifted.Output), Is.EqualTo(new[]
                {
                    "src/Shop.Domain/Catalog/Product.cs(7,19): warning DRIFT017: Property 'Product.Sku': column catalog.products.sku is integer in the database but the migrations create it as character varying(32); the database is at the latest migration, " + migration + ", so the column was changed by hand or by a migration's own SQL: restore it, or change the property and add a migration (snapshot shop.json (database shop))",
                    "src/Shop.Domain/Catalog/Review.cs(3,14): warning DRIFT002: Entity 'Review' maps to table catalog.review, which is not in the database (snapshot shop.json (database shop))",
                }), drifted.Output);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        private static ProcessResult Run(string directory, Dictionary<string, string> environment, string program, params string[] arguments)
        {
            var result = Shell.Run(directory, environment, program, arguments);
            Assert.That(result.ExitCode, Is.EqualTo(0), program + " " + string.Join(" ", arguments) + "\n" + result);
            return result;
        }

        private static async Task SnapshotAsync(PostgresServer server, string root)
        {
            var stderr = new StringWriter();
            int exit = await DriftAnalyzers.Cli.Program.RunAsync(
                new[] { "snapshot", "--connection", server.ConnectionString("shop"), "--output", Path.Combine(root, "schema-snapshots", "shop.json"), "--exclude-table", "__EFMigrationsHistory" },
                new StringWriter(),
                stderr,
                _ => null,
                CancellationToken.None);
            Assert.That(exit, Is.EqualTo(0), stderr.ToString());
        }

        /// <summary>The distinct DRIFT warnings of a build, paths relative to the solution, help links left out.</summary>
        private static string[] Findings(string output)
            => Regex.Matches(output, @"/Shop/(?<file>src/\S+\.cs)(?<position>\(\d+,\d+\)): (?<rest>warning DRIFT\d{3}: .*?) \(https://")
                .Select(m => m.Groups["file"].Value + m.Groups["position"].Value + ": " + m.Groups["rest"].Value)
                .Distinct()
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();

        private static void WriteSolution(string root, string feed, string version)
        {
            void Write(string path, string text)
            {
                string full = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text);
            }

            Directory.CreateDirectory(Path.Combine(root, "schema-snapshots"));
            Write("nuget.config", $"<configuration><packageSources><add key=\"drift-e2e\" value=\"{feed}\" /></packageSources></configuration>");
            Write("Directory.Build.props", $"""
                <Project>
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="DriftAnalyzers" Version="{version}" PrivateAssets="all" />
                  </ItemGroup>
                </Project>
                """);

            Write("src/Shop.Domain/Shop.Domain.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
            Write("src/Shop.Domain/Common/Entity.cs", """
                namespace Shop.Domain.Common;

                public abstract class Entity
                {
                    public Guid Id { get; protected set; } = Guid.NewGuid();
                    public DateTimeOffset CreatedAt { get; set; }
                }
                """);
            Write("src/Shop.Domain/Catalog/Product.cs", """
                using Shop.Domain.Common;

                namespace Shop.Domain.Catalog;

                public class Product : Entity
                {
                    public string Sku { get; private set; } = "";
                    public string Name { get; set; } = "";
                    public decimal Price { get; set; }
                    public List<Review> Reviews { get; } = new();
                }
                """);
            Write("src/Shop.Domain/Catalog/Review.cs", """
                namespace Shop.Domain.Catalog;

                public class Review
                {
                    public int Id { get; set; }
                    public Guid ProductId { get; set; }
                    public int Stars { get; set; }
                    public string? Text { get; set; }
                }
                """);

            Write("src/Shop.Persistence/Shop.Persistence.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <ItemGroup>
                    <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="10.0.0" />
                    <PackageReference Include="EFCore.NamingConventions" Version="10.0.1" />
                    <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="10.0.1" PrivateAssets="all" />
                  </ItemGroup>
                  <ItemGroup>
                    <ProjectReference Include="../Shop.Domain/Shop.Domain.csproj" />
                  </ItemGroup>
                </Project>
                """);
            Write("src/Shop.Persistence/ShopDbContext.cs", """
                using Microsoft.EntityFrameworkCore;
                using Shop.Domain.Catalog;

                namespace Shop.Persistence;

                public class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options)
                {
                    public DbSet<Product> Products => Set<Product>();

                    protected override void OnModelCreating(ModelBuilder modelBuilder)
                    {
                        modelBuilder.HasDefaultSchema("catalog");
                        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ShopDbContext).Assembly);
                    }
                }
                """);
            Write("src/Shop.Persistence/Configurations/ProductConfiguration.cs", """
                using Microsoft.EntityFrameworkCore;
                using Microsoft.EntityFrameworkCore.Metadata.Builders;
                using Shop.Domain.Catalog;

                namespace Shop.Persistence.Configurations;

                internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
                {
                    public void Configure(EntityTypeBuilder<Product> builder)
                    {
                        builder.HasKey(p => p.Id);
                        builder.Property(p => p.Sku).HasMaxLength(32).IsRequired();
                        builder.HasIndex(p => p.Sku).IsUnique();
                        builder.Property(p => p.Price).HasPrecision(12, 2);
                        builder.HasMany(p => p.Reviews).WithOne().HasForeignKey(r => r.ProductId);
                    }
                }
                """);
            Write("src/Shop.Persistence/DesignTimeFactory.cs", """
                using Microsoft.EntityFrameworkCore;
                using Microsoft.EntityFrameworkCore.Design;

                namespace Shop.Persistence;

                public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ShopDbContext>
                {
                    public ShopDbContext CreateDbContext(string[] args)
                        => new(new DbContextOptionsBuilder<ShopDbContext>()
                            .UseNpgsql(Environment.GetEnvironmentVariable("SHOP_DB") ?? "Host=localhost;Database=shop")
                            .UseSnakeCaseNamingConvention()
                            .Options);
                }
                """);

            Write("src/Shop.App/Shop.App.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="../Shop.Persistence/Shop.Persistence.csproj" />
                  </ItemGroup>
                </Project>
                """);
            Write("src/Shop.App/Program.cs", """
                using Microsoft.EntityFrameworkCore;
                using Shop.Persistence;

                var options = new DbContextOptionsBuilder<ShopDbContext>()
                    .UseNpgsql(Environment.GetEnvironmentVariable("SHOP_DB") ?? "Host=localhost;Database=shop")
                    .UseSnakeCaseNamingConvention()
                    .Options;
                using var db = new ShopDbContext(options);
                Console.WriteLine(db.Products.Count());
                """);
        }
    }
}
