using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DriftAnalyzers.Model.Migrations
{
    /// <summary>
    /// A migration of the compilation: <c>[DbContext(typeof(X))] [Migration("20250101120000_Initial")] partial class Initial</c>,
    /// as <c>dotnet ef migrations add</c> writes it into the <c>.Designer.cs</c> part.
    /// </summary>
    internal sealed class MigrationClass
    {
        public MigrationClass(string id, string contextName, ImmutableArray<string> namespaces, string typeKey, FileSpan location, bool own = true)
        {
            Own = own;
            Id = id;
            ContextName = contextName;
            Namespaces = namespaces;
            TypeKey = typeKey;
            Location = location;
        }

        /// <summary>The ID EF Core records in the history table: <c>20250101120000_Initial</c>.</summary>
        public string Id { get; }

        /// <summary>The context as <c>typeof(...)</c> names it, resolved like a model snapshot's.</summary>
        public string ContextName { get; }

        public ImmutableArray<string> Namespaces { get; }

        /// <summary>The class's key (<see cref="Facts.Key"/>), shared by its partial declarations.</summary>
        public string TypeKey { get; }

        public FileSpan Location { get; }

        /// <summary>A class of the compilation; false for another project's, handed over as an AdditionalFile (its <c>.Designer.cs</c>).</summary>
        public bool Own { get; }
    }

    /// <summary>What the <c>Up</c> method of a migration class creates, read from the calls <c>dotnet ef</c> scaffolds.</summary>
    internal sealed class MigrationOperations
    {
        public MigrationOperations(string typeKey)
        {
            TypeKey = typeKey;
        }

        public string TypeKey { get; }

        /// <summary>Columns created by CreateTable, AddColumn or RenameColumn (its new name): schema (null: the default), table, column.</summary>
        public List<(string? Schema, string Table, string Column)> CreatedColumns { get; } = new List<(string?, string, string)>();

        /// <summary>Tables renamed or moved (RenameTable, EnsureSchema aside): their columns' origin is not followed.</summary>
        public List<string> RenamedTables { get; } = new List<string>();

        /// <summary>The migration runs SQL of its own (<c>migrationBuilder.Sql(...)</c>), which may change what the model says.</summary>
        public bool RunsSql { get; set; }
    }

    /// <summary>
    /// The migration classes of a compilation and the operations of their <c>Up</c> methods, read from syntax alone, once per
    /// file content; and those of other projects' <c>.Designer.cs</c> files handed over as AdditionalFiles. EF Core keeps all
    /// of a context's migrations in one assembly, so a compilation (or a set of handed files) that holds one of them holds
    /// them all.
    /// </summary>
    internal static class MigrationClasses
    {
        private static readonly FileCache<InFile> ByFile = new FileCache<InFile>();

        public static void Read(Compilation compilation, List<MigrationClass> migrations, Dictionary<string, MigrationOperations> operations, CancellationToken cancellationToken)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                var found = ByFile.Get(SourceId.Of(tree), (tree, cancellationToken), (_, _) => true, s => ReadFile(s.tree, s.cancellationToken));
                migrations.AddRange(found.Migrations);
                foreach (var ops in found.Operations)
                {
                    if (operations.TryGetValue(ops.TypeKey, out var earlier))
                    {
                        earlier.CreatedColumns.AddRange(ops.CreatedColumns);
                        earlier.RenamedTables.AddRange(ops.RenamedTables);
                        earlier.RunsSql |= ops.RunsSql;
                    }
                    else
                    {
                        var copy = new MigrationOperations(ops.TypeKey) { RunsSql = ops.RunsSql };
                        copy.CreatedColumns.AddRange(ops.CreatedColumns);
                        copy.RenamedTables.AddRange(ops.RenamedTables);
                        operations.Add(ops.TypeKey, copy);
                    }
                }
            }
        }

        private const int MaxAdditionalContents = 256;
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, ImmutableArray<MigrationClass>> ByAdditionalContent = new Dictionary<string, ImmutableArray<MigrationClass>>(StringComparer.Ordinal);
        private static readonly Queue<string> AdditionalOrder = new Queue<string>();

        /// <summary>
        /// The migration classes of another project's <c>.Designer.cs</c> files, handed over as AdditionalFiles (the package does,
        /// for a Domain project): enough to tell whether that context's database is behind, never reported here. Files that
        /// are also the compilation's own are skipped; each is parsed once per path and content.
        /// </summary>
        public static List<MigrationClass> InAdditionalFiles(ImmutableArray<AdditionalText> files, Compilation compilation, CancellationToken cancellationToken)
        {
            var result = new List<MigrationClass>();
            if (files.IsDefaultOrEmpty)
            {
                return result;
            }

            HashSet<string>? own = null;
            foreach (var file in files)
            {
                if (!file.Path.EndsWith(".Designer.cs", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (own == null)
                {
                    own = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var tree in compilation.SyntaxTrees)
                    {
                        own.Add(tree.FilePath);
                    }
                }

                if (own.Contains(file.Path) || file.GetText(cancellationToken) is not { } text)
                {
                    continue;
                }

                result.AddRange(ReadAdditional(file.Path, text, cancellationToken));
            }

            return result;
        }

        private static ImmutableArray<MigrationClass> ReadAdditional(string path, Microsoft.CodeAnalysis.Text.SourceText text, CancellationToken cancellationToken)
        {
            var checksum = text.GetChecksum();
            string key = path + "\u0001" + Convert.ToBase64String(checksum.IsDefault ? Array.Empty<byte>() : System.Linq.ImmutableArrayExtensions.ToArray(checksum));
            lock (Gate)
            {
                if (ByAdditionalContent.TryGetValue(key, out var kept))
                {
                    return kept;
                }
            }

            var builder = ImmutableArray.CreateBuilder<MigrationClass>();
            if (text.ToString().IndexOf("[Migration(", StringComparison.Ordinal) >= 0)
            {
                var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text, path: path, cancellationToken: cancellationToken);
                foreach (var migration in ReadFile(tree, cancellationToken).Migrations)
                {
                    builder.Add(new MigrationClass(migration.Id, migration.ContextName, migration.Namespaces, migration.TypeKey, default, own: false));
                }
            }

            var classes = builder.ToImmutable();
            lock (Gate)
            {
                if (!ByAdditionalContent.ContainsKey(key))
                {
                    ByAdditionalContent.Add(key, classes);
                    AdditionalOrder.Enqueue(key);
                    if (AdditionalOrder.Count > MaxAdditionalContents)
                    {
                        ByAdditionalContent.Remove(AdditionalOrder.Dequeue());
                    }
                }
            }

            return classes;
        }

        private static InFile ReadFile(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var migrations = ImmutableArray.CreateBuilder<MigrationClass>();
            var operations = ImmutableArray.CreateBuilder<MigrationOperations>();
            var text = tree.GetText(cancellationToken);
            if (text.Length == 0 || text.ToString().IndexOf("Migration", StringComparison.Ordinal) < 0)
            {
                return new InFile(SourceId.Of(tree), migrations.ToImmutable(), operations.ToImmutable());
            }

            var root = tree.GetRoot(cancellationToken);
            foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax || n is BaseNamespaceDeclarationSyntax || n is ClassDeclarationSyntax))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (node is not ClassDeclarationSyntax type)
                {
                    continue;
                }

                if (MigrationId(type) is { } id && ModelSnapshotReader.ContextName(type) is { } context)
                {
                    migrations.Add(new MigrationClass(id, context, ModelSnapshotReader.NamespacesOf(type), ModelSnapshotReader.TypeKey(type), new FileSpan(SourceId.Of(tree), type.Identifier.Span)));
                }

                foreach (var member in type.Members)
                {
                    if (member is MethodDeclarationSyntax { Identifier.ValueText: "Up", ParameterList.Parameters.Count: 1 } up)
                    {
                        operations.Add(ReadUp(ModelSnapshotReader.TypeKey(type), up));
                    }
                }
            }

            return new InFile(SourceId.Of(tree), migrations.ToImmutable(), operations.ToImmutable());
        }

        /// <summary>The literal of <c>[Migration("...")]</c>, or null.</summary>
        private static string? MigrationId(ClassDeclarationSyntax type)
        {
            foreach (var list in type.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    string name = ModelSnapshotReader.LastName(attribute.Name);
                    if ((name == "Migration" || name == "MigrationAttribute") && attribute.ArgumentList is { Arguments.Count: 1 } arguments
                        && arguments.Arguments[0].Expression is LiteralExpressionSyntax literal && literal.Token.Value is string id && id.Length > 0)
                    {
                        return id;
                    }
                }
            }

            return null;
        }

        private static MigrationOperations ReadUp(string typeKey, MethodDeclarationSyntax up)
        {
            var result = new MigrationOperations(typeKey);
            foreach (var call in up.DescendantNodes())
            {
                if (call is not InvocationExpressionSyntax invocation || invocation.Expression is not MemberAccessExpressionSyntax access)
                {
                    continue;
                }

                var arguments = invocation.ArgumentList.Arguments;
                switch (access.Name.Identifier.ValueText)
                {
                    case "CreateTable" when Named(arguments, "name", 0) is { } table:
                        foreach (string column in CreatedByTable(arguments))
                        {
                            result.CreatedColumns.Add((Named(arguments, "schema", -1), table, column));
                        }

                        break;
                    case "AddColumn" when Named(arguments, "name", 0) is { } column && Named(arguments, "table", 1) is { } table:
                        result.CreatedColumns.Add((Named(arguments, "schema", -1), table, column));
                        break;
                    case "RenameColumn" when Named(arguments, "newName", -1) is { } column && Named(arguments, "table", 1) is { } table:
                        result.CreatedColumns.Add((Named(arguments, "schema", -1), table, column));
                        break;
                    case "RenameTable":
                        if (Named(arguments, "name", 0) is { } from)
                        {
                            result.RenamedTables.Add(from);
                        }

                        if (Named(arguments, "newName", -1) is { } to)
                        {
                            result.RenamedTables.Add(to);
                        }

                        break;
                    case "Sql":
                        result.RunsSql = true;
                        break;
                }
            }

            return result;
        }

        /// <summary>The column names of <c>columns: table =&gt; new { Id = table.Column&lt;int&gt;(...), ... }</c>; <c>name:</c> wins over the member's.</summary>
        private static IEnumerable<string> CreatedByTable(SeparatedSyntaxList<ArgumentSyntax> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.NameColon?.Name.Identifier.ValueText == "columns"
                    && argument.Expression is LambdaExpressionSyntax { Body: AnonymousObjectCreationExpressionSyntax columns })
                {
                    foreach (var member in columns.Initializers)
                    {
                        string? name = member.Expression is InvocationExpressionSyntax column ? Named(column.ArgumentList.Arguments, "name", -1) : null;
                        name ??= member.NameEquals?.Name.Identifier.ValueText;
                        if (name != null)
                        {
                            yield return name;
                        }
                    }
                }
            }
        }

        /// <summary>A string literal argument by name, or at <paramref name="position"/> when not named (-1: by name only).</summary>
        private static string? Named(SeparatedSyntaxList<ArgumentSyntax> arguments, string name, int position)
        {
            for (int i = 0; i < arguments.Count; i++)
            {
                var argument = arguments[i];
                bool matches = argument.NameColon != null ? argument.NameColon.Name.Identifier.ValueText == name : i == position;
                if (matches)
                {
                    return argument.Expression is LiteralExpressionSyntax literal && literal.Token.Value is string value ? value : null;
                }
            }

            return null;
        }

        private sealed class InFile : IReadFromFile
        {
            public InFile(SourceId source, ImmutableArray<MigrationClass> migrations, ImmutableArray<MigrationOperations> operations)
            {
                Source = source;
                Migrations = migrations;
                Operations = operations;
            }

            public SourceId Source { get; }

            public ImmutableArray<MigrationClass> Migrations { get; }

            public ImmutableArray<MigrationOperations> Operations { get; }
        }
    }
}
