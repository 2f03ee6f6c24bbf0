using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Model
{
    /// <summary>
    /// Builds the entity model of a compilation as EF Core would by convention and data annotations. Where the mapping
    /// is set by code this version does not evaluate (fluent API, model-wide renames), the entity is marked "not
    /// analyzed" and the rules stay silent on it; the DbContext then carries one DRIFT013 saying so.
    /// </summary>
    internal static class EntityModelBuilder
    {
        // Calls in OnModelCreating that can rename or retype any entity: the whole context is then not analyzed.
        private static readonly HashSet<string> ModelWideCalls = new HashSet<string>(StringComparer.Ordinal)
        {
            "HasDefaultSchema", "GetEntityTypes", "SetTableName", "SetSchema", "SetColumnName", "SetColumnType", "UseTpcMappingStrategy", "UseTptMappingStrategy",
        };

        private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<int>> NamingCallsByTree = new ConditionalWeakTable<SyntaxTree, StrongBox<int>>();

        public static EntityModel Build(Compilation compilation, EfCoreSymbols ef, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
        {
            var contexts = new List<INamedTypeSymbol>();
            var candidates = new List<INamedTypeSymbol>();
            var fluent = new Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
            CollectTypes(compilation.Assembly.GlobalNamespace, ef, contexts, candidates, fluent, cancellationToken);

            var detected = DetectNamingConvention(compilation, cancellationToken, out string? conventionProblem);

            // Entity → the DbSet property names that expose it, and the first context that does.
            var dbSetNames = new Dictionary<INamedTypeSymbol, SortedSet<string>>(SymbolEqualityComparer.Default);
            var contextOf = new Dictionary<INamedTypeSymbol, INamedTypeSymbol>(SymbolEqualityComparer.Default);
            var contextWide = new Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
            foreach (var context in contexts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var type = context; type != null && !SymbolEqualityComparer.Default.Equals(type, ef.DbContext); type = type.BaseType)
                {
                    foreach (var member in type.GetMembers())
                    {
                        if (member is IPropertySymbol { IsStatic: false } property
                            && property.Type is INamedTypeSymbol { IsGenericType: true } propertyType
                            && SymbolEqualityComparer.Default.Equals(propertyType.OriginalDefinition, ef.DbSet)
                            && propertyType.TypeArguments[0] is INamedTypeSymbol entity)
                        {
                            if (!dbSetNames.TryGetValue(entity, out var names))
                            {
                                dbSetNames.Add(entity, names = new SortedSet<string>(StringComparer.Ordinal));
                            }

                            names.Add(property.Name);
                            if (!contextOf.ContainsKey(entity))
                            {
                                contextOf.Add(entity, context);
                            }
                        }
                    }
                }

                string? reason = ScanModelConfiguration(compilation, context, fluent, cancellationToken);
                if (reason != null)
                {
                    contextWide[context] = reason;
                }
            }

            foreach (var pair in fluent)
            {
                if (!dbSetNames.ContainsKey(pair.Key) && !candidates.Contains(pair.Key))
                {
                    candidates.Add(pair.Key);
                }
            }

            var entities = new Dictionary<INamedTypeSymbol, EntityMapping>(SymbolEqualityComparer.Default);
            foreach (var entity in dbSetNames.Keys)
            {
                candidates.Add(entity);
            }

            foreach (var entity in candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entities.ContainsKey(entity) || IsOwnedOrComplex(entity, ef))
                {
                    continue;
                }

                dbSetNames.TryGetValue(entity, out var names);
                contextOf.TryGetValue(entity, out var context);
                string? notAnalyzed = fluent.TryGetValue(entity, out var fluentReason) ? fluentReason
                    : context != null && contextWide.TryGetValue(context, out var wide) ? wide
                    : null;
                var mapping = Map(entity, names, ef, options, detected, conventionProblem, ref notAnalyzed, compilation);
                entities.Add(entity, new EntityMapping(entity, context, mapping.Schema, mapping.Table, mapping.Properties, notAnalyzed));
            }

            // Derived entities (TPH/TPT/TPC) map through their base: not analyzed in this version.
            foreach (var mapping in new List<EntityMapping>(entities.Values))
            {
                for (var baseType = mapping.Type.BaseType; baseType != null; baseType = baseType.BaseType)
                {
                    if (entities.ContainsKey(baseType) && mapping.NotAnalyzedReason == null)
                    {
                        entities[mapping.Type] = new EntityMapping(mapping.Type, mapping.Context, mapping.Schema, mapping.Table, mapping.Properties, "derives from the entity " + baseType.Name + " (inheritance mapping)");
                        break;
                    }
                }
            }

            var contextModels = new Dictionary<INamedTypeSymbol, ContextModel>(SymbolEqualityComparer.Default);
            foreach (var context in contexts)
            {
                var notes = ImmutableArray.CreateBuilder<string>();
                int count = 0;
                var notAnalyzedEntities = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var pair in contextOf)
                {
                    if (SymbolEqualityComparer.Default.Equals(pair.Value, context) && entities.TryGetValue(pair.Key, out var mapping))
                    {
                        count++;
                        if (mapping.NotAnalyzedReason != null && !contextWide.ContainsKey(context))
                        {
                            notAnalyzedEntities.Add(mapping.Name + " (" + mapping.NotAnalyzedReason + ")");
                        }
                    }
                }

                if (contextWide.TryGetValue(context, out var reason))
                {
                    notes.Add("its entities are not checked: " + reason);
                }
                else if (notAnalyzedEntities.Count > 0)
                {
                    notes.Add(notAnalyzedEntities.Count + " of its " + count + " entities are not checked: " + string.Join("; ", notAnalyzedEntities));
                }

                if (conventionProblem != null)
                {
                    notes.Add(conventionProblem);
                }

                var contextTree = context.Locations.Length > 0 ? context.Locations[0].SourceTree : null;
                var contextOptions = contextTree != null ? options.GetOptions(contextTree) : options.GlobalOptions;
                string? databaseOption = contextOptions.TryGetValue(AnalyzerOptionKeys.Database, out var db) && db.Trim().Length > 0 ? db.Trim() : null;
                contextModels.Add(context, new ContextModel(context, count, notes.ToImmutable(), databaseOption, ConnectionStringDatabase(context, cancellationToken)));
            }

            return new EntityModel(entities, contextModels);
        }

        private static void CollectTypes(INamespaceOrTypeSymbol container, EfCoreSymbols ef, List<INamedTypeSymbol> contexts, List<INamedTypeSymbol> tableAttributed, Dictionary<INamedTypeSymbol, string> fluent, CancellationToken cancellationToken)
        {
            foreach (var member in container.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is INamespaceSymbol ns)
                {
                    CollectTypes(ns, ef, contexts, tableAttributed, fluent, cancellationToken);
                }
                else if (member is INamedTypeSymbol type && type.TypeKind == TypeKind.Class)
                {
                    if (ef.IsDbContext(type) && !type.IsAbstract)
                    {
                        contexts.Add(type);
                    }
                    else if (EfCoreSymbols.Find(type, ef.TableAttribute) != null)
                    {
                        tableAttributed.Add(type);
                    }

                    foreach (var implemented in type.AllInterfaces)
                    {
                        if (ef.EntityTypeConfiguration != null
                            && SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, ef.EntityTypeConfiguration)
                            && implemented.TypeArguments[0] is INamedTypeSymbol configured)
                        {
                            fluent[configured] = "configured by " + type.Name + " (IEntityTypeConfiguration), which this version does not evaluate";
                        }
                    }

                    CollectTypes(type, ef, contexts, tableAttributed, fluent, cancellationToken);
                }
            }
        }

        /// <summary>
        /// Looks through OnModelCreating for <c>Entity&lt;T&gt;()</c> (T is then fluent-configured) and for model-wide
        /// renames; returns why the whole context cannot be analyzed, or null.
        /// </summary>
        private static string? ScanModelConfiguration(Compilation compilation, INamedTypeSymbol context, Dictionary<INamedTypeSymbol, string> fluent, CancellationToken cancellationToken)
        {
            string? reason = null;
            foreach (var member in context.GetMembers())
            {
                if (member is not IMethodSymbol { IsOverride: true } method)
                {
                    continue;
                }

                if (method.Name == "ConfigureConventions")
                {
                    reason ??= "ConfigureConventions sets model-wide conventions, which this version does not evaluate";
                    continue;
                }

                if (method.Name != "OnModelCreating")
                {
                    continue;
                }

                foreach (var reference in method.DeclaringSyntaxReferences)
                {
                    var body = reference.GetSyntax(cancellationToken);
#pragma warning disable RS1030 // The EF Core model spans files: OnModelCreating configures entities declared elsewhere. Only these bodies are bound, once per compilation.
                    var semanticModel = compilation.GetSemanticModel(body.SyntaxTree);
#pragma warning restore RS1030
                    foreach (var node in body.DescendantNodes())
                    {
                        if (node is not InvocationExpressionSyntax invocation)
                        {
                            continue;
                        }

                        string? name = InvokedName(invocation);
                        if (name != null && ModelWideCalls.Contains(name))
                        {
                            reason ??= "OnModelCreating calls " + name + ", which changes names or types model-wide in code this version does not evaluate";
                        }
                        else if (name == "Entity")
                        {
                            if (semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { TypeArguments.Length: 1 } entityCall
                                && entityCall.TypeArguments[0] is INamedTypeSymbol entity)
                            {
                                fluent[entity] = "configured in " + context.Name + ".OnModelCreating (fluent API), which this version does not evaluate";
                            }
                            else
                            {
                                reason ??= "OnModelCreating configures an entity by name or Type (Entity(...)), which this version does not evaluate";
                            }
                        }
                    }
                }
            }

            return reason;
        }

        private static readonly Regex DatabaseKey = new Regex(@"(?:^|;)\s*(?:Database|DB)\s*=\s*(?<name>[^;]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex DatabaseInUri = new Regex(@"^postgres(?:ql)?://[^/?]*/(?<name>[^?]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>The database a literal connection string in OnConfiguring names (<c>UseNpgsql("...;Database=app")</c>).</summary>
        private static string? ConnectionStringDatabase(INamedTypeSymbol context, CancellationToken cancellationToken)
        {
            foreach (var member in context.GetMembers("OnConfiguring"))
            {
                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                    {
                        if (node is LiteralExpressionSyntax literal && literal.Token.Value is string text)
                        {
                            var match = DatabaseKey.Match(text);
                            if (!match.Success)
                            {
                                match = DatabaseInUri.Match(text);
                            }

                            if (match.Success)
                            {
                                return Uri.UnescapeDataString(match.Groups["name"].Value.Trim());
                            }
                        }
                    }
                }
            }

            return null;
        }

        private static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

        private static bool IsOwnedOrComplex(INamedTypeSymbol type, EfCoreSymbols ef)
            => EfCoreSymbols.Find(type, ef.OwnedAttribute) != null || EfCoreSymbols.Find(type, ef.ComplexTypeAttribute) != null;

        private readonly struct TableAndProperties
        {
            public TableAndProperties(string schema, string table, ImmutableArray<PropertyMapping> properties)
            {
                Schema = schema;
                Table = table;
                Properties = properties;
            }

            public string Schema { get; }

            public string Table { get; }

            public ImmutableArray<PropertyMapping> Properties { get; }
        }

        private static TableAndProperties Map(
            INamedTypeSymbol entity,
            SortedSet<string>? dbSetNames,
            EfCoreSymbols ef,
            AnalyzerConfigOptionsProvider options,
            NamingConvention? detected,
            string? conventionProblem,
            ref string? notAnalyzed,
            Compilation compilation)
        {
            var tree = entity.Locations.Length > 0 && entity.Locations[0].SourceTree is { } t ? t : null;
            var config = tree != null ? options.GetOptions(tree) : options.GlobalOptions;
            var convention = NamingConvention.None;
            if (config.TryGetValue(AnalyzerOptionKeys.NamingConvention, out var configured) && NamingConventions.Parse(configured) is { } parsed)
            {
                convention = parsed;
            }
            else if (conventionProblem != null)
            {
                notAnalyzed ??= "the naming convention is ambiguous";
            }
            else if (detected is { } found)
            {
                convention = found;
            }

            string defaultSchema = config.TryGetValue(AnalyzerOptionKeys.DefaultSchema, out var schemaOption) && schemaOption.Trim().Length > 0 ? schemaOption.Trim() : "public";
            string schema = defaultSchema;
            string table;
            var tableAttribute = EfCoreSymbols.Find(entity, ef.TableAttribute);
            if (tableAttribute != null && tableAttribute.ConstructorArguments.Length == 1 && tableAttribute.ConstructorArguments[0].Value is string name)
            {
                table = name;
                foreach (var argument in tableAttribute.NamedArguments)
                {
                    if (argument.Key == "Schema" && argument.Value.Value is string explicitSchema)
                    {
                        schema = explicitSchema;
                    }
                }
            }
            else
            {
                if (dbSetNames != null && dbSetNames.Count > 1)
                {
                    notAnalyzed ??= "it has DbSets with different names (" + string.Join(", ", dbSetNames) + ")";
                }

                if (entity.IsGenericType)
                {
                    notAnalyzed ??= "it is a generic type";
                }

                table = convention.Rewrite(dbSetNames != null && dbSetNames.Count > 0 ? dbSetNames.Min! : entity.Name);
            }

            return new TableAndProperties(schema, table, MapProperties(entity, ef, convention, compilation));
        }

        private static ImmutableArray<PropertyMapping> MapProperties(INamedTypeSymbol entity, EfCoreSymbols ef, NamingConvention convention, Compilation compilation)
        {
            var result = ImmutableArray.CreateBuilder<PropertyMapping>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var entityLocation = entity.Locations.Length > 0 ? entity.Locations[0] : Location.None;
            for (var type = entity; type != null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is not IPropertySymbol property || !seen.Add(property.Name))
                    {
                        continue;
                    }

                    // EF Core maps public instance read-write properties by convention.
                    if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public
                        || property.GetMethod == null || property.SetMethod == null || !property.ExplicitInterfaceImplementations.IsEmpty
                        || EfCoreSymbols.Find(property, ef.NotMappedAttribute) != null)
                    {
                        continue;
                    }

                    var columnAttribute = EfCoreSymbols.Find(property, ef.ColumnAttribute);
                    string? columnName = null;
                    string? storeType = null;
                    if (columnAttribute != null)
                    {
                        if (columnAttribute.ConstructorArguments.Length == 1 && columnAttribute.ConstructorArguments[0].Value is string explicitName)
                        {
                            columnName = explicitName;
                        }

                        foreach (var argument in columnAttribute.NamedArguments)
                        {
                            if (argument.Key == "TypeName" && argument.Value.Value is string typeName)
                            {
                                storeType = typeName;
                            }
                        }
                    }

                    var clrType = ClrType.Classify(property.Type);
                    if (!clrType.IsKnown && storeType == null)
                    {
                        // A navigation, an owned or complex type, or a provider-specific type: not a column we can judge.
                        continue;
                    }

                    var location = property.Locations.Length > 0 && property.Locations[0].IsInSource && compilation.ContainsSyntaxTree(property.Locations[0].SourceTree!)
                        ? property.Locations[0]
                        : entityLocation;
                    result.Add(new PropertyMapping(property, columnName ?? convention.Rewrite(property.Name), clrType, storeType, location));
                }
            }

            return result.ToImmutable();
        }

        /// <summary>
        /// The naming convention the code selects with EFCore.NamingConventions (<c>UseSnakeCaseNamingConvention()</c>...),
        /// when it references that package. Two different ones make it ambiguous: <paramref name="problem"/> says so.
        /// </summary>
        private static NamingConvention? DetectNamingConvention(Compilation compilation, CancellationToken cancellationToken, out string? problem)
        {
            problem = null;
            bool referenced = false;
            foreach (var assembly in compilation.ReferencedAssemblyNames)
            {
                if (assembly.Name == "EFCore.NamingConventions")
                {
                    referenced = true;
                    break;
                }
            }

            if (!referenced)
            {
                return null;
            }

            int used = 0;
            foreach (var tree in compilation.SyntaxTrees)
            {
                used |= NamingCallsByTree.GetValue(tree, t => new StrongBox<int>(NamingCallsIn(t, cancellationToken))).Value;
            }

            NamingConvention? found = null;
            foreach (NamingConvention convention in Enum.GetValues(typeof(NamingConvention)))
            {
                if ((used & (1 << (int)convention)) != 0)
                {
                    if (found != null)
                    {
                        problem = "the code selects more than one naming convention (" + found + ", " + convention + "); set " + AnalyzerOptionKeys.NamingConvention + " in .editorconfig to say which applies";
                        return null;
                    }

                    found = convention;
                }
            }

            return found;
        }

        private static int NamingCallsIn(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var text = tree.GetText(cancellationToken).ToString();
            if (text.IndexOf("NamingConvention", StringComparison.Ordinal) < 0)
            {
                return 0;
            }

            int used = 0;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation && InvokedName(invocation) is { } name && NamingConventions.FromMethodName(name) is { } convention)
                {
                    used |= 1 << (int)convention;
                }
            }

            return used;
        }
    }
}
