using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DriftAnalyzers.Model
{
    /// <summary>
    /// The types one syntax tree declares, as <see cref="TypeFacts"/>, kept across compilations and builds by the file's
    /// content: after a keystroke only the edited file is bound again, and a build after a build binds only the files that
    /// changed. Facts stay valid while the file's content is the same (<see cref="SourceId"/>), the compilation's
    /// references, options and declared type names (what binding a name in the tree can resolve to) are the same
    /// (<see cref="CompilationStamp"/>) or differ only by names that neither the tree nor the files below mention, and
    /// every other file they were read from (other parts of a partial type, base types, constants) is unchanged.
    /// </summary>
    internal sealed class TreeFacts : IReadFromFile
    {
        private static readonly FileCache<TreeFacts> Cache = new FileCache<TreeFacts>();

        // Property types as read in one compilation, shared by its trees: most properties have one of a few types (string,
        // int, Guid?, another entity), and reading one builds three display strings. Keyed with nullability, tuple names
        // and dynamic, as the display strings show them (string? and string are two entries).
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<ITypeSymbol, TypeRef>> RefsByCompilation = new ConditionalWeakTable<Compilation, ConcurrentDictionary<ITypeSymbol, TypeRef>>();

        private readonly SourceFiles dependencies;

        // The latest stamp the facts are known to hold under (taken over by CompilationStamp.Adopts).
        private CompilationStamp stamp;

        private TreeFacts(SourceId source, CompilationStamp stamp, ImmutableArray<TypeFacts> types, SourceFiles dependencies)
        {
            Source = source;
            this.stamp = stamp;
            Types = types;
            this.dependencies = dependencies;
        }

        /// <summary>Extractions since the process started (the benchmark shows that an edit re-reads one file).</summary>
        public static int ExtractionCount;

        public SourceId Source { get; }

        public ImmutableArray<TypeFacts> Types { get; }

        /// <summary>The facts of <paramref name="tree"/> in <paramref name="compilation"/>: kept ones if still valid, else read now.</summary>
        public static TreeFacts For(Compilation compilation, SyntaxTree tree, CompilationStamp stamp, CancellationToken cancellationToken)
        {
            return Cache.Get(
                SourceId.Of(tree),
                (compilation, tree, stamp, cancellationToken),
                (kept, s) => kept.IsValidIn(SourceIndex.Of(s.compilation), s.tree, s.stamp, s.cancellationToken),
                s => Extract(s.compilation, s.tree, s.stamp, s.cancellationToken));
        }

        /// <summary>
        /// Whether facts read in another compilation hold in <paramref name="compilation"/>: every file they were read from
        /// is part of it, and either the stamps are equal or only declared names changed that none of those files mentions
        /// (the facts then take the new stamp, so that the next compilation compares by reference again).
        /// </summary>
        public bool IsValidIn(SourceIndex index, SyntaxTree tree, CompilationStamp current, CancellationToken cancellationToken)
        {
            return dependencies.AllIn(index) && current.Adopts(ref stamp, index, tree, dependencies, bindsCalls: false, cancellationToken);
        }

        private static TreeFacts Extract(Compilation compilation, SyntaxTree tree, CompilationStamp stamp, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref ExtractionCount);
            var semanticModel = SemanticModels.For(compilation, tree);
            var refs = RefsByCompilation.GetValue(compilation, _ => new ConcurrentDictionary<ITypeSymbol, TypeRef>(SymbolEqualityComparer.IncludeNullability));
            var reader = new Reader(tree, semanticModel, refs, cancellationToken);
            var types = ImmutableArray.CreateBuilder<TypeFacts>();
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax || n is BaseNamespaceDeclarationSyntax || n is TypeDeclarationSyntax))
            {
                if (node is not BaseTypeDeclarationSyntax declaration || semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol symbol
                    || symbol.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Enum))
                {
                    continue;
                }

                // A partial type is read once, from its first part, and depends on the files of the others.
                if (symbol.DeclaringSyntaxReferences.Length > 1 && symbol.DeclaringSyntaxReferences[0].SyntaxTree != tree)
                {
                    continue;
                }

                types.Add(reader.Type(symbol, depth: 0));
            }

            return new TreeFacts(SourceId.Of(tree), stamp, types.ToImmutable(), new SourceFiles(reader.Dependencies));
        }

        /// <summary>Reads facts from symbols, noting every other tree they come from.</summary>
        private sealed class Reader
        {
            private readonly SyntaxTree tree;
            private readonly SemanticModel semanticModel;
            private readonly ConcurrentDictionary<ITypeSymbol, TypeRef> refs;
            private readonly CancellationToken cancellationToken;

            // Set while a type reference is read when a generic type of the project's own is part of it: this tree then
            // depends on that type's file, which a kept reference would not note, so such references are not kept.
            private bool readsSourceGeneric;

            public Reader(SyntaxTree tree, SemanticModel semanticModel, ConcurrentDictionary<ITypeSymbol, TypeRef> refs, CancellationToken cancellationToken)
            {
                this.tree = tree;
                this.semanticModel = semanticModel;
                this.refs = refs;
                this.cancellationToken = cancellationToken;
            }

            public HashSet<SyntaxTree> Dependencies { get; } = new HashSet<SyntaxTree>();

            private void DependOn(ISymbol symbol)
            {
                foreach (var reference in symbol.OriginalDefinition.DeclaringSyntaxReferences)
                {
                    DependOn(reference.SyntaxTree);
                }
            }

            private void DependOn(SyntaxTree file)
            {
                if (file != tree)
                {
                    Dependencies.Add(file);
                }
            }

            public TypeFacts Type(INamedTypeSymbol symbol, int depth)
            {
                cancellationToken.ThrowIfCancellationRequested();
                DependOn(symbol);
                var facts = new TypeFacts
                {
                    Key = Facts.Key(symbol),
                    Name = symbol.Name,
                    Kind = symbol.TypeKind,
                    IsAbstract = symbol.IsAbstract,
                    IsGenericType = symbol.IsGenericType,
                    IsEfCore = Namespaces.IsWithin(symbol.ContainingNamespace, "Microsoft", "EntityFrameworkCore"),
                    Location = SourceLocation(symbol),
                };
                facts.CheckedInItsProject = facts.Location.IsNone && Facts.IsCheckedInItsProject(symbol.ContainingAssembly);

                if (facts.IsEfCore || depth > 32)
                {
                    // DbContext and its like: only what they are, not their members.
                    for (var baseType = symbol.BaseType; baseType != null && !facts.IsDbContext; baseType = baseType.BaseType)
                    {
                        facts.IsDbContext = Facts.Key(baseType) == Facts.DbContextKey;
                    }

                    return facts;
                }

                if (symbol.TypeKind == TypeKind.Enum)
                {
                    facts.EnumUnderlying = symbol.EnumUnderlyingType?.SpecialType ?? SpecialType.None;
                    facts.EnumLabels = Facts.Labels(symbol);
                    return facts;
                }

                var configured = ImmutableArray.CreateBuilder<string>();
                foreach (var implemented in symbol.AllInterfaces)
                {
                    if (Facts.Key(implemented) == Facts.EntityTypeConfigurationKey && implemented.TypeArguments[0] is INamedTypeSymbol entity)
                    {
                        configured.Add(Facts.Key(entity));
                    }
                }

                facts.ConfiguredEntities = configured.ToImmutable();
                if (symbol.BaseType is { SpecialType: not SpecialType.System_Object and not SpecialType.System_ValueType } baseOf)
                {
                    facts.BaseType = Type(baseOf, depth + 1);
                    facts.IsDbContext = facts.BaseType.Key == Facts.DbContextKey || facts.BaseType.IsDbContext;
                }

                facts.Attributes = Attributes(symbol);
                facts.ConfiguredBy = ConfiguredBy(symbol);
                var members = symbol.GetMembers();
                int count = 0;
                foreach (var member in members)
                {
                    if (member is IPropertySymbol)
                    {
                        count++;
                    }
                }

                var properties = ImmutableArray.CreateBuilder<PropertyFacts>(count);
                ImmutableArray<TypeFacts>.Builder? metadataEntities = null;
                foreach (var member in members)
                {
                    if (member is IPropertySymbol property)
                    {
                        var type = Ref(property.Type);

                        // A DbContext's DbSet of an entity declared in a referenced assembly: no file of its own to read it from.
                        if (facts.IsDbContext && !property.IsStatic && type.Key == Facts.DbSetKey && !type.TypeArguments[0].IsSource
                            && property.Type is INamedTypeSymbol { TypeArguments.Length: 1 } set && set.TypeArguments[0] is INamedTypeSymbol { TypeKind: TypeKind.Class } entity)
                        {
                            (metadataEntities ??= ImmutableArray.CreateBuilder<TypeFacts>()).Add(Type(entity, depth + 1));
                        }

                        properties.Add(new PropertyFacts(
                            property.Name,
                            type,
                            property.NullableAnnotation,
                            property.IsStatic,
                            property.IsIndexer,
                            property.DeclaredAccessibility == Accessibility.Public,
                            property.GetMethod != null,
                            property.SetMethod != null,
                            !property.ExplicitInterfaceImplementations.IsEmpty,
                            Attributes(property),
                            SourceLocation(property),
                            facts.Key));
                    }
                }

                facts.Properties = properties.MoveToImmutable();
                facts.MetadataEntities = metadataEntities?.ToImmutable() ?? ImmutableArray<TypeFacts>.Empty;
                if (facts.IsDbContext)
                {
                    facts.ConnectionStringDatabase = Facts.ConnectionStringDatabase(symbol, cancellationToken);
                }

                return facts;
            }

            /// <summary>
            /// The configuration class that [EntityTypeConfiguration(typeof(X))] or its generic form [EntityTypeConfiguration&lt;X, T&gt;]
            /// (which derives from it) names on <paramref name="symbol"/>, as a key; null without one, or when it names no class.
            /// </summary>
            private static string? ConfiguredBy(INamedTypeSymbol symbol)
            {
                foreach (var attribute in symbol.GetAttributes())
                {
                    for (var type = attribute.AttributeClass; type != null; type = type.BaseType)
                    {
                        if (type.Name != "EntityTypeConfigurationAttribute" || Facts.Key(type) != Facts.EntityTypeConfigurationAttribute)
                        {
                            continue;
                        }

                        var configuration = attribute.AttributeClass!.IsGenericType
                            ? attribute.AttributeClass.TypeArguments[0]
                            : attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Type ? attribute.ConstructorArguments[0].Value : null;
                        return configuration is INamedTypeSymbol { TypeKind: TypeKind.Class } named ? Facts.Key(named) : null;
                    }
                }

                return null;
            }

            /// <summary>Where a symbol is declared in source, or none (read once: each call of Locations may build a new array).</summary>
            private static FileSpan SourceLocation(ISymbol symbol)
            {
                var locations = symbol.Locations;
                return locations.Length > 0 ? FileSpan.Of(locations[0]) : default;
            }

            private ImmutableArray<AttributeFacts> Attributes(ISymbol symbol)
            {
                var attributes = symbol.GetAttributes();
                if (attributes.IsEmpty)
                {
                    return ImmutableArray<AttributeFacts>.Empty;
                }

                var result = ImmutableArray.CreateBuilder<AttributeFacts>(attributes.Length);
                foreach (var attribute in attributes)
                {
                    if (attribute.AttributeClass == null)
                    {
                        continue;
                    }

                    // A constant declared in another file: its value is part of these facts.
                    if (attribute.ApplicationSyntaxReference is { } application && application.SyntaxTree == tree && application.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } arguments })
                    {
                        foreach (var argument in arguments.Arguments)
                        {
                            foreach (var file in Facts.ConstantFiles(argument.Expression, semanticModel, cancellationToken))
                            {
                                DependOn(file);
                            }
                        }
                    }

                    var values = ImmutableArray.CreateBuilder<object?>(attribute.ConstructorArguments.Length);
                    foreach (var argument in attribute.ConstructorArguments)
                    {
                        values.Add(Facts.Value(argument));
                    }

                    var named = ImmutableArray.CreateBuilder<KeyValuePair<string, object?>>(attribute.NamedArguments.Length);
                    foreach (var argument in attribute.NamedArguments)
                    {
                        named.Add(new KeyValuePair<string, object?>(argument.Key, Facts.Value(argument.Value)));
                    }

                    result.Add(new AttributeFacts(Facts.Key(attribute.AttributeClass), attribute.AttributeClass.Name, values.MoveToImmutable(), named.MoveToImmutable()));
                }

                return result.ToImmutable();
            }

            /// <summary>The reference to <paramref name="type"/>, as read already in this compilation where it can be.</summary>
            public TypeRef Ref(ITypeSymbol type)
            {
                if (refs.TryGetValue(type, out var kept))
                {
                    return kept;
                }

                bool outer = readsSourceGeneric;
                readsSourceGeneric = false;
                var read = Read(type);
                if (!readsSourceGeneric)
                {
                    refs.TryAdd(type, read);
                }

                readsSourceGeneric |= outer;
                return read;
            }

            private TypeRef Read(ITypeSymbol type)
            {
                var result = new TypeRef
                {
                    Name = type.Name,
                    Display = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                    FullDisplay = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                    Kind = type.TypeKind,
                    IsValueType = type.IsValueType,
                    SpecialType = type.SpecialType,
                };

                if (type is IArrayTypeSymbol array)
                {
                    result.IsArray = true;
                    result.ArrayRank = array.Rank;
                    result.TypeArguments = ImmutableArray.Create(Ref(array.ElementType));
                }
                else if (type is INamedTypeSymbol named)
                {
                    var definition = named.OriginalDefinition;
                    result.Key = Facts.Key(named);
                    result.IsFramework = Namespaces.IsWithin(named.ContainingNamespace, "System") || Namespaces.IsWithin(named.ContainingNamespace, "Microsoft");
                    result.IsSource = !SourceLocation(definition).IsNone;
                    if (named.IsGenericType)
                    {
                        var arguments = ImmutableArray.CreateBuilder<TypeRef>(named.TypeArguments.Length);
                        foreach (var argument in named.TypeArguments)
                        {
                            arguments.Add(Ref(argument));
                        }

                        result.TypeArguments = arguments.MoveToImmutable();
                        if (definition.SpecialType == SpecialType.System_Nullable_T)
                        {
                            result.NullableOf = result.TypeArguments[0];
                        }

                        if (named.TypeArguments.Length == 1)
                        {
                            if (result.IsSource)
                            {
                                // A collection type of the project's own: what it implements comes from its file.
                                DependOn(definition);
                                readsSourceGeneric = true;
                            }

                            result.IsEnumerable = Facts.IsEnumerable(definition);
                            result.IsList = Facts.IsList(definition);
                        }
                    }

                    if (result.IsSource)
                    {
                        // What a source type is (enum, class, struct) is read from its own file's facts.
                        result.Kind = TypeKind.Unknown;
                        result.IsValueType = false;
                    }
                    else if (named.TypeKind == TypeKind.Enum)
                    {
                        result.EnumUnderlying = named.EnumUnderlyingType?.SpecialType ?? SpecialType.None;
                        result.EnumLabels = Facts.Labels(named);
                    }
                }

                result.NeedsSource = result.IsSource || Any(result.TypeArguments) || result.NullableOf?.NeedsSource == true;
                result.Clr = result.NeedsSource ? default : ClrType.Classify(type);
                return result;
            }

            private static bool Any(ImmutableArray<TypeRef> types)
            {
                foreach (var type in types)
                {
                    if (type.NeedsSource)
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
