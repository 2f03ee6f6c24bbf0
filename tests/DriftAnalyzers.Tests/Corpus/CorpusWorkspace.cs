using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using DriftAnalyzers.TempPostgres;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace DriftAnalyzers.Tests.ProjectCorpus
{
    /// <summary>
    /// The expensive part, done once per corpus project and test run: compile every .csproj of the project in memory
    /// (dependency order, each referencing the previous images), load the assemblies, create the database with the
    /// project's own migrations (context.Database.Migrate()), snapshot it with the real CLI and run every analyzer over
    /// every compilation. Drifts reuse all of it and only clone the database.
    /// </summary>
    internal static class CorpusWorkspace
    {
        private static readonly ConcurrentDictionary<string, Lazy<Task<ProjectState>>> States = new();

        public static Task<ProjectState> GetAsync(CorpusProject project)
            => States.GetOrAdd(project.Name, _ => new Lazy<Task<ProjectState>>(() => Task.Run(() => ProjectState.CreateAsync(project)))).Value;

        public static void Reset() => States.Clear();
    }

    /// <summary>One compiled .csproj of a corpus project.</summary>
    internal sealed record CompiledProject(string Csproj, string Directory, CSharpCompilation Compilation, Assembly Assembly, ImmutableArray<string> ModelSnapshotFiles)
    {
        public bool HasMigrations => !ModelSnapshotFiles.IsEmpty;
    }

    internal sealed class ProjectState
    {
        private ProjectState(CorpusProject project, IReadOnlyList<CompiledProject> compiled)
        {
            Project = project;
            Compiled = compiled;
        }

        public CorpusProject Project { get; }

        public IReadOnlyList<CompiledProject> Compiled { get; }

        /// <summary>Context type → HasPendingModelChanges() after Migrate().</summary>
        public Dictionary<string, bool> PendingModelChanges { get; } = new();

        /// <summary>The untouched database's snapshot (drift's JSON).</summary>
        public string Snapshot { get; private set; } = "";

        public IReadOnlyList<Finding> Untouched { get; private set; } = Array.Empty<Finding>();

        public static async Task<ProjectState> CreateAsync(CorpusProject project)
        {
            var compiled = CorpusCompiler.CompileAll(project);
            var state = new ProjectState(project, compiled);
            var server = CorpusServer.Server;
            DropDatabaseIfExists(server, project.DatabaseName);
            server.CreateDatabase(project.DatabaseName, project.DatabaseSql);
            foreach (var context in project.Migrated)
            {
                using var db = state.CreateContext(context, server.ConnectionString(project.DatabaseName), ignorePendingModelChanges: true);
                db.Database.Migrate();
                var applied = db.Database.GetAppliedMigrations().ToList();
                var all = db.Database.GetMigrations().ToList();
                if (all.Count == 0 || !applied.SequenceEqual(all))
                {
                    throw new InvalidOperationException($"{context.TypeName}: {applied.Count} of {all.Count} migrations applied");
                }

                state.PendingModelChanges[context.TypeName] = db.Database.HasPendingModelChanges();
            }

            NpgsqlConnection.ClearAllPools();
            state.Snapshot = await SnapshotAsync(project.DatabaseName);
            state.Untouched = await state.AnalyzeAsync(state.Snapshot);
            return state;
        }

        /// <summary>A copy of the untouched database with <paramref name="drift"/> applied, snapshotted and analyzed.</summary>
        public async Task<IReadOnlyList<Finding>> AnalyzeDriftAsync(Drift drift, bool withoutMigrations = false)
            => await AnalyzeAsync(await DriftSnapshotAsync(drift), withoutMigrations);

        /// <summary>The snapshot of a copy of the untouched database with <paramref name="drift"/> applied.</summary>
        public async Task<string> DriftSnapshotAsync(Drift drift)
        {
            var server = CorpusServer.Server;
            string name = Project.DatabaseName + "_" + drift.Rule.ToLowerInvariant();
            DropDatabaseIfExists(server, name);
            CloneDatabase(server, Project.DatabaseName, name);
            server.Execute(name, drift.Sql);
            NpgsqlConnection.ClearAllPools();
            return await SnapshotAsync(name);
        }

        /// <summary>Creates the context as the application does (its options), on <paramref name="connectionString"/>.</summary>
        public DbContext CreateContext(CorpusContext context, string connectionString, bool ignorePendingModelChanges = false)
        {
            var assembly = Compiled.Single(c => c.Csproj == context.Project).Assembly;
            var type = assembly.GetType(context.TypeName, throwOnError: true)!;
            var builder = (DbContextOptionsBuilder)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(type))!;
            context.Configure(builder, connectionString);
            if (ignorePendingModelChanges)
            {
                // Migrate() throws on pending model changes since EF Core 9; the harness creates the database anyway and
                // reports HasPendingModelChanges() as a test of its own.
                builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
            }

            var constructor = type.GetConstructors().Single(c => c.GetParameters().Length == 1 && typeof(DbContextOptions).IsAssignableFrom(c.GetParameters()[0].ParameterType));
            return (DbContext)constructor.Invoke(new object[] { builder.Options });
        }

        /// <summary>Every analyzer over every compilation of the project, with the database snapshot (and model snapshots) as AdditionalFiles.</summary>
        /// <param name="withoutMigrations">As a project without migrations would be read (EnsureCreated, database first): the
        /// model snapshots are left out, so the static reading of conventions, annotations and fluent API is all there is.</param>
        public async Task<IReadOnlyList<Finding>> AnalyzeAsync(string snapshot, bool withoutMigrations = false)
        {
            var findings = new List<Finding>();
            var exceptions = new List<Exception>();
            var database = new AnalyzerRunner.InMemoryText(Path.Combine(Project.Root, "schema-snapshots", Project.Name.ToLowerInvariant() + ".json"), snapshot);
            foreach (var compiled in Compiled)
            {
                var additional = ImmutableArray.CreateBuilder<AdditionalText>();
                additional.Add(database);
                var compilation = compiled.Compilation;
                if (withoutMigrations)
                {
                    compilation = compilation.RemoveSyntaxTrees(compilation.SyntaxTrees.Where(t => compiled.ModelSnapshotFiles.Contains(t.FilePath)));
                }
                else if (!compiled.HasMigrations)
                {
                    // Contract with the model-snapshot reader: a compilation without the migrations (a Domain project, a
                    // library with the base context) is handed the other projects' *ModelSnapshot.cs files and migration
                    // designer files (<timestamp>_*.Designer.cs), at their real paths, as the package's targets hand them.
                    var designers = Compiled.Where(c => c != compiled).SelectMany(c => c.Compilation.SyntaxTrees.Select(t => t.FilePath))
                        .Where(f => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(f), @"^\d{14}_.+\.Designer\.cs$"));
                    foreach (string file in Compiled.Where(c => c != compiled).SelectMany(c => c.ModelSnapshotFiles).Concat(designers))
                    {
                        additional.Add(new AnalyzerRunner.InMemoryText(file, File.ReadAllText(file)));
                    }
                }

                var options = new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(additional.ToImmutable()),
                    onAnalyzerException: (e, _, _) => { lock (exceptions) { exceptions.Add(e); } },
                    concurrentAnalysis: true,
                    logAnalyzerExecutionTime: false);
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                var diagnostics = await compilation.WithAnalyzers(AnalyzerRunner.Analyzers, options).GetAnalyzerDiagnosticsAsync(timeout.Token);
                findings.AddRange(diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden).Select(d => Finding.From(d, Path.GetFileName(compiled.Csproj))));
            }

            if (exceptions.Count > 0)
            {
                throw new AggregateException("analyzer exceptions in " + Project.Name, exceptions);
            }

            return findings.OrderBy(f => f.Key.File, StringComparer.Ordinal).ThenBy(f => f.Key.Line).ThenBy(f => f.Key.Id, StringComparer.Ordinal).ToList();
        }

        internal static async Task<string> SnapshotAsync(string database)
        {
            string file = Path.Combine(Path.GetTempPath(), "drift-corpus-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                var stdout = new StringWriter();
                var stderr = new StringWriter();
                int exit = await DriftAnalyzers.Cli.Program.RunAsync(
                    new[] { "snapshot", "--connection", CorpusServer.Server.ConnectionString(database), "--output", file },
                    stdout,
                    stderr,
                    _ => null,
                    CancellationToken.None);
                if (exit != 0)
                {
                    throw new InvalidOperationException("drift snapshot of " + database + " failed (" + exit + "): " + stderr);
                }

                return File.ReadAllText(file);
            }
            finally
            {
                File.Delete(file);
            }
        }

        internal static void DropDatabaseIfExists(PostgresServer server, string name)
            => server.Execute("postgres", "DROP DATABASE IF EXISTS " + PostgresServer.QuoteIdentifier(name) + " WITH (FORCE)");

        internal static void CloneDatabase(PostgresServer server, string template, string name)
        {
            // A connection still open on the template (a pooled one) makes PostgreSQL refuse the copy: try again briefly.
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    server.Execute("postgres", "CREATE DATABASE " + PostgresServer.QuoteIdentifier(name) + " TEMPLATE " + PostgresServer.QuoteIdentifier(template));
                    return;
                }
                catch (PostgresException e) when (e.SqlState == "55006" && attempt < 20)
                {
                    NpgsqlConnection.ClearAllPools();
                    Thread.Sleep(100);
                }
            }
        }
    }

    /// <summary>A diagnostic as the tests see it: rule, file relative to tests/Corpus, line, severity, message.</summary>
    internal sealed record Finding(FindingKey Key, DiagnosticSeverity Severity, string Message, string Compilation)
    {
        private static readonly string CorpusRoot = Repository.File("tests", "Corpus") + Path.DirectorySeparatorChar;

        public static Finding From(Diagnostic diagnostic, string compilation)
        {
            var span = diagnostic.Location.GetLineSpan();
            string path = span.Path ?? "";
            string relative = path.StartsWith(CorpusRoot, StringComparison.Ordinal) ? path.Substring(CorpusRoot.Length) : (path.Length == 0 ? "(no location)" : path);
            return new Finding(new FindingKey(diagnostic.Id, relative.Replace('\\', '/'), span.StartLinePosition.Line + 1), diagnostic.Severity, diagnostic.GetMessage(CultureInfo.InvariantCulture), compilation);
        }

        public override string ToString() => $"{Key.File}:{Key.Line}: {Key.Id} ({Severity.ToString().ToLowerInvariant()}, in {Compilation}): {Message}";

        public static string List(IEnumerable<Finding> findings)
        {
            var b = new StringBuilder();
            foreach (var f in findings)
            {
                b.Append("    ").AppendLine(f.ToString());
            }

            return b.Length == 0 ? "    (none)\n" : b.ToString();
        }
    }

    /// <summary>Compiles a corpus project's .csproj files as the SDK would: its sources, implicit usings, nullable context and references.</summary>
    internal static class CorpusCompiler
    {
        private static readonly string Bin = AppContext.BaseDirectory;

        private static readonly string[] EfCore =
        {
            "Microsoft.EntityFrameworkCore.dll", "Microsoft.EntityFrameworkCore.Abstractions.dll",
            "Microsoft.Extensions.DependencyInjection.Abstractions.dll", "Microsoft.Extensions.Logging.Abstractions.dll",
            "Microsoft.Extensions.Caching.Abstractions.dll", "Microsoft.Extensions.Caching.Memory.dll", "Microsoft.Extensions.Primitives.dll",
        };

        private static readonly string[] Relational = EfCore.Append("Microsoft.EntityFrameworkCore.Relational.dll").ToArray();

        /// <summary>The compile-time assemblies each package (with its dependencies) brings; the test project references the same versions.</summary>
        private static readonly Dictionary<string, string[]> Packages = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Microsoft.EntityFrameworkCore"] = EfCore,
            ["Microsoft.EntityFrameworkCore.Relational"] = Relational,
            ["Npgsql.EntityFrameworkCore.PostgreSQL"] = Relational.Concat(new[] { "Npgsql.EntityFrameworkCore.PostgreSQL.dll", "Npgsql.dll" }).ToArray(),
            ["EFCore.NamingConventions"] = Relational.Append("EFCore.NamingConventions.dll").ToArray(),
            ["Microsoft.AspNetCore.Identity.EntityFrameworkCore"] = Relational.Concat(new[]
            {
                "Microsoft.AspNetCore.Identity.EntityFrameworkCore.dll", "Microsoft.Extensions.Identity.Stores.dll", "Microsoft.Extensions.Identity.Core.dll",
                "Microsoft.Extensions.Options.dll",
            }).ToArray(),
            // PrivateAssets="all" and no compile asset: dotnet ef's design-time code, not referenced by the sources.
            ["Microsoft.EntityFrameworkCore.Design"] = Array.Empty<string>(),
        };

        private static readonly string[] SdkUsings = { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks" };

        private static readonly string[] WebUsings = SdkUsings.Concat(new[]
        {
            "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
            "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
            "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
        }).ToArray();

        private static readonly Lazy<ImmutableArray<MetadataReference>> AspNetCore = new(AspNetCoreReferences);

        public static IReadOnlyList<CompiledProject> CompileAll(CorpusProject project)
        {
            var result = new List<CompiledProject>();
            var images = new Dictionary<string, (MetadataReference Reference, ProjectFile File)>(StringComparer.Ordinal);
            var loader = new CorpusLoadContext(project.Name);
            foreach (string csproj in project.Projects)
            {
                var file = ProjectFile.Read(Repository.File("tests", "Corpus", csproj));
                var referenced = Closure(file, images);
                var references = new List<MetadataReference>(References.FrameworkOnly);
                var names = new HashSet<string>(references.Select(r => Path.GetFileName(((PortableExecutableReference)r).FilePath!)), StringComparer.OrdinalIgnoreCase);
                if (file.IsWeb)
                {
                    foreach (var r in AspNetCore.Value.Where(r => names.Add(Path.GetFileName(((PortableExecutableReference)r).FilePath!))))
                    {
                        references.Add(r);
                    }
                }

                foreach (string package in referenced.SelectMany(p => p.Packages).Concat(file.Packages).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (!Packages.TryGetValue(package, out var assemblies))
                    {
                        throw new InvalidOperationException(csproj + ": package " + package + " is not known to the corpus harness (add its assemblies to CorpusCompiler.Packages)");
                    }

                    foreach (string dll in assemblies.Where(names.Add))
                    {
                        references.Add(MetadataReference.CreateFromFile(Path.Combine(Bin, dll)));
                    }
                }

                references.AddRange(referenced.Select(p => images[p.Path].Reference));

                var sources = Directory.EnumerateFiles(file.Directory, "*.cs", SearchOption.AllDirectories)
                    .Where(f => !IsBuildOutput(file.Directory, f))
                    .OrderBy(f => f, StringComparer.Ordinal)
                    .ToList();
                var parse = new CSharpParseOptions(LanguageVersion.Latest);
                var trees = sources.Select(f => CSharpSyntaxTree.ParseText(Microsoft.CodeAnalysis.Text.SourceText.From(File.ReadAllText(f), Encoding.UTF8), parse, f)).ToList();
                if (file.ImplicitUsings)
                {
                    string usings = "// <auto-generated/>\n" + string.Concat((file.IsWeb ? WebUsings : SdkUsings).Select(u => "global using global::" + u + ";\n"));
                    trees.Add(CSharpSyntaxTree.ParseText(usings, parse, Path.Combine(file.Directory, "obj", "Debug", "net10.0", file.Name + ".GlobalUsings.g.cs")));
                }

                // Every corpus project references the package, whose build targets mark the assembly as checked in its own build.
                trees.Add(CSharpSyntaxTree.ParseText(
                    "// <auto-generated/>\n[assembly: global::System.Reflection.AssemblyMetadata(\"DriftAnalyzers.Checked\", \"true\")]\n",
                    parse,
                    Path.Combine(file.Directory, "obj", "Debug", "net10.0", file.Name + ".AssemblyInfo.cs")));

                var compilation = CSharpCompilation.Create(
                    file.AssemblyName,
                    trees,
                    references,
                    new CSharpCompilationOptions(
                        file.IsExe ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                        nullableContextOptions: file.Nullable ? NullableContextOptions.Enable : NullableContextOptions.Disable));
                using var image = new MemoryStream();
                var emit = compilation.Emit(image);
                if (!emit.Success)
                {
                    throw new InvalidOperationException(csproj + " does not compile:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
                }

                image.Position = 0;
                var assembly = loader.Load(image);
                images[file.Path] = (MetadataReference.CreateFromImage(image.ToArray()), file);
                var modelSnapshots = trees
                    .Where(t => t.FilePath.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal) && t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeSyntax>().Any(b => b.Type.ToString().EndsWith("ModelSnapshot", StringComparison.Ordinal)))
                    .Select(t => t.FilePath)
                    .ToImmutableArray();
                result.Add(new CompiledProject(csproj, file.Directory, compilation, assembly, modelSnapshots));
            }

            return result;
        }

        private static bool IsBuildOutput(string root, string file)
        {
            string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            return relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal);
        }

        /// <summary>The referenced projects, transitively (their packages flow to the referencing project, as in the SDK).</summary>
        private static List<ProjectFile> Closure(ProjectFile file, Dictionary<string, (MetadataReference Reference, ProjectFile File)> compiled)
        {
            var result = new List<ProjectFile>();
            var pending = new Stack<string>(file.ProjectReferences);
            while (pending.Count > 0)
            {
                string path = pending.Pop();
                if (!compiled.TryGetValue(path, out var entry))
                {
                    throw new InvalidOperationException(file.Path + " references " + path + ", which is not compiled before it: list it earlier");
                }

                if (result.All(p => p.Path != path))
                {
                    result.Add(entry.File);
                    foreach (string next in entry.File.ProjectReferences)
                    {
                        pending.Push(next);
                    }
                }
            }

            return result;
        }

        private static ImmutableArray<MetadataReference> AspNetCoreReferences()
        {
            string runtime = RuntimeEnvironment.GetRuntimeDirectory();
            string packs = Path.Combine(Path.GetFullPath(Path.Combine(runtime, "..", "..", "..")), "packs", "Microsoft.AspNetCore.App.Ref");
            string directory = Directory.GetDirectories(packs)
                .Select(d => Path.Combine(d, "ref", "net10.0"))
                .Where(Directory.Exists)
                .OrderByDescending(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d))), out var v) ? v : new Version())
                .First();
            return Directory.GetFiles(directory, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
        }
    }

    /// <summary>What the harness reads from a .csproj: SDK, output type, nullable, implicit usings, packages, project references.</summary>
    internal sealed record ProjectFile(string Path, string Name, string Directory, string AssemblyName, bool IsWeb, bool IsExe, bool Nullable, bool ImplicitUsings, IReadOnlyList<string> Packages, IReadOnlyList<string> ProjectReferences)
    {
        public static ProjectFile Read(string path)
        {
            path = System.IO.Path.GetFullPath(path);
            var xml = XDocument.Load(path).Root!;
            string? Property(string name) => xml.Elements("PropertyGroup").Elements(name).Select(e => e.Value.Trim()).LastOrDefault();
            string directory = System.IO.Path.GetDirectoryName(path)!;
            string name = System.IO.Path.GetFileNameWithoutExtension(path);
            bool isWeb = (string?)xml.Attribute("Sdk") == "Microsoft.NET.Sdk.Web";
            return new ProjectFile(
                path,
                name,
                directory,
                Property("AssemblyName") ?? name,
                isWeb,
                isWeb || string.Equals(Property("OutputType"), "Exe", StringComparison.OrdinalIgnoreCase),
                string.Equals(Property("Nullable"), "enable", StringComparison.OrdinalIgnoreCase),
                string.Equals(Property("ImplicitUsings"), "enable", StringComparison.OrdinalIgnoreCase),
                xml.Elements("ItemGroup").Elements("PackageReference").Select(e => (string)e.Attribute("Include")!).ToList(),
                xml.Elements("ItemGroup").Elements("ProjectReference").Select(e => System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, ((string)e.Attribute("Include")!).Replace('\\', '/')))).ToList());
        }
    }

    /// <summary>Loads a corpus project's assemblies side by side; EF Core, Npgsql and Identity come from the test's own (default) context.</summary>
    internal sealed class CorpusLoadContext : AssemblyLoadContext
    {
        private readonly Dictionary<string, Assembly> loaded = new(StringComparer.Ordinal);

        public CorpusLoadContext(string name)
            : base("corpus-" + name)
        {
        }

        public Assembly Load(Stream image)
        {
            var assembly = LoadFromStream(image);
            loaded[assembly.GetName().Name!] = assembly;
            return assembly;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
            => loaded.TryGetValue(assemblyName.Name!, out var assembly) ? assembly : null;
    }
}
