using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Infrastructure
{
    /// <summary>
    /// Compiles test code with the real EF Core, loads it, and asks EF Core's own design-time services for the migrations
    /// model snapshot of each context: the same code <c>dotnet ef migrations add</c> writes into a project.
    /// </summary>
    internal static class ModelSnapshots
    {
        public static readonly ImmutableArray<MetadataReference> WithIdentity = References.All.AddRange(new[]
        {
            typeof(Microsoft.AspNetCore.Identity.EntityFrameworkCore.IdentityDbContext).Assembly,
            typeof(Microsoft.AspNetCore.Identity.IdentityUser).Assembly,
            typeof(Microsoft.AspNetCore.Identity.IdentityOptions).Assembly,
        }.Distinct().Select(a => (MetadataReference)MetadataReference.CreateFromFile(a.Location)));

        /// <summary>The compiled code, its loaded contexts (each made with its parameterless constructor), and their snapshots.</summary>
        public sealed record Loaded(CSharpCompilation Compilation, List<DbContext> Contexts, Dictionary<string, string> SnapshotCode);

        public static Loaded Load(params (string Path, string Source)[] files)
        {
            var compilation = CSharpCompilation.Create(
                "Snapshots" + Guid.NewGuid().ToString("N"),
                files.Select(f => CSharpSyntaxTree.ParseText(f.Source, new CSharpParseOptions(LanguageVersion.Latest), path: f.Path)),
                WithIdentity,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            using var stream = new MemoryStream();
            var emit = compilation.Emit(stream);
            Assert.That(emit.Success, Is.True, string.Join("\n", emit.Diagnostics));
            stream.Position = 0;
            var assembly = AssemblyLoadContext.Default.LoadFromStream(stream);
            var contexts = assembly.GetTypes()
                .Where(t => typeof(DbContext).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) != null)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (DbContext)Activator.CreateInstance(t)!)
                .ToList();
            var code = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var context in contexts)
            {
                code.Add(context.GetType().Name, SnapshotCodeOf(context));
            }

            return new Loaded(compilation, contexts, code);
        }

        /// <summary>What <c>dotnet ef migrations add</c> writes as the context's model snapshot.</summary>
        public static string SnapshotCodeOf(DbContext context) => Scaffold(context, "Current").SnapshotCode;

        /// <summary>
        /// What <c>dotnet ef migrations add <paramref name="name"/></c> writes: the migration, its designer file and the new model
        /// snapshot, against the model snapshot the context's assembly already holds (none: the first migration).
        /// </summary>
        public static ScaffoldedMigration Scaffold(DbContext context, string name)
        {
#pragma warning disable EF1001 // Design-time services are EF Core's internal API, used here as the dotnet-ef tool uses them.
            var services = new ServiceCollection();
            services.AddEntityFrameworkDesignTimeServices();
            services.AddDbContextDesignTimeServices(context);
            new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices().ConfigureDesignTimeServices(services);
            using var provider = services.BuildServiceProvider();
            var scaffolder = provider.GetRequiredService<IMigrationsScaffolder>();
            return scaffolder.ScaffoldMigration(name, context.GetType().Namespace ?? "App", "Migrations");
#pragma warning restore EF1001
        }

        public static CSharpCompilation WithSnapshots(Loaded loaded)
            => loaded.Compilation.AddSyntaxTrees(loaded.SnapshotCode.Select(pair => CSharpSyntaxTree.ParseText(
                pair.Value,
                new CSharpParseOptions(LanguageVersion.Latest),
                path: "/Migrations/" + pair.Key + "ModelSnapshot.cs")));
    }
}
