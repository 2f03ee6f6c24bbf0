using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.EntityFrameworkCore;

namespace DriftAnalyzers.Tests.Infrastructure
{
    /// <summary>
    /// What test compilations reference: .NET 10's reference assemblies (from the SDK's own ref pack, so no download)
    /// and the real EF Core, Npgsql EF Core provider and EFCore.NamingConventions assemblies — never look-alikes.
    /// </summary>
    internal static class References
    {
        public static readonly ReferenceAssemblies Net10 = new ReferenceAssemblies("net10.0");

        public static readonly ImmutableArray<MetadataReference> FrameworkOnly = Framework();

        public static readonly ImmutableArray<MetadataReference> All = FrameworkOnly.AddRange(new[]
        {
            typeof(DbContext).Assembly,
            typeof(KeylessAttribute).Assembly,
            typeof(RelationalDatabaseFacadeExtensions).Assembly,
            typeof(NpgsqlDbContextOptionsBuilderExtensions).Assembly,
            typeof(Npgsql.NpgsqlConnection).Assembly,
            typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly,
            typeof(NamingConventionsExtensions).Assembly,
        }.Select(a => (MetadataReference)MetadataReference.CreateFromFile(a.Location)));

        private static ImmutableArray<MetadataReference> Framework()
        {
            string runtime = RuntimeEnvironment.GetRuntimeDirectory();
            string dotnetRoot = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
            string packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
            string? refDirectory = Directory.Exists(packs)
                ? Directory.GetDirectories(packs)
                    .Select(d => Path.Combine(d, "ref", "net10.0"))
                    .Where(Directory.Exists)
                    .OrderByDescending(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d))), out var v) ? v : new Version())
                    .FirstOrDefault()
                : null;

            // Without the SDK's ref pack (a runtime-only machine), the runtime's own assemblies compile just as well.
            string directory = refDirectory ?? runtime;
            return Directory.GetFiles(directory, "*.dll")
                .Where(f => refDirectory != null || IsManagedAssembly(f))
                .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
                .ToImmutableArray();
        }

        private static bool IsManagedAssembly(string path)
        {
            try
            {
                System.Reflection.AssemblyName.GetAssemblyName(path);
                return true;
            }
            catch (BadImageFormatException)
            {
                return false;
            }
        }
    }
}
