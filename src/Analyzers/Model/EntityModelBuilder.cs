using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
    /// Builds the entity model of a compilation as EF Core does: conventions, then data annotations, then the fluent API
    /// (see <see cref="FluentConfiguration"/>). Where the mapping is set by code the analyzers cannot evaluate (computed
    /// names, model-wide renames), the entity is marked "not analyzed" and the rules stay silent on it; the DbContext then
    /// carries one DRIFT013 saying so.
    /// </summary>
    internal static class EntityModelBuilder
    {
        // Calls in OnModelCreating that can rename or retype any entity: the whole context is then not analyzed.
        private static readonly ConditionalWeakTable<SyntaxTree, List<NamingCall>> NamingCallsByTree = new ConditionalWeakTable<SyntaxTree, List<NamingCall>>();

        public static EntityModel Build(Compilation compilation, EfCoreSymbols ef, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
        {
            var contexts = new List<INamedTypeSymbol>();
            var candidates = new List<INamedTypeSymbol>();
            var configurations = new List<INamedTypeSymbol>();
            CollectTypes(compilation.Assembly.GlobalNamespace, ef, contexts, candidates, configurations, cancellationToken);
            var looksLikeEntity = LooksLikeEntities(compilation.Assembly.GlobalNamespace, ef, configurations, cancellationToken);
            var fluent = new FluentConfiguration();

            var namingCalls = NamingCalls(compilation, cancellationToken);

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

                ReadModelConfiguration(compilation, context, configurations, fluent, cancellationToken);
                if (fluent.ContextProblems.TryGetValue(context, out var reason))
                {
                    contextWide[context] = reason;
                }
            }

            foreach (var pair in fluent.ContextOf)
            {
                if (!dbSetNames.ContainsKey(pair.Key) && !candidates.Contains(pair.Key))
                {
                    candidates.Add(pair.Key);
                }

                if (!contextOf.ContainsKey(pair.Key))
                {
                    contextOf.Add(pair.Key, pair.Value);
                }
            }

            var entities = new Dictionary<INamedTypeSymbol, EntityMapping>(SymbolEqualityComparer.Default);
            foreach (var entity in dbSetNames.Keys)
            {
                candidates.Add(entity);
            }

            // What the contexts' models hold, as EF Core discovers it: DbSets, configured types, and what navigations reach.
            var outside = new Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
            if (contexts.Count > 0 && contextWide.Count == 0)
            {
                var inModel = Reachable(dbSetNames.Keys.Concat(fluent.ContextOf.Keys), ef, fluent, cancellationToken);
                foreach (var pair in looksLikeEntity)
                {
                    if (!inModel.Contains(pair.Key) && !fluent.NotEntities.Contains(pair.Key) && !IsOwnedOrComplex(pair.Key, ef))
                    {
                        outside.Add(pair.Key, pair.Value);
                    }
                }
            }

            foreach (var entity in candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entities.ContainsKey(entity) || IsOwnedOrComplex(entity, ef) || fluent.NotEntities.Contains(entity) || outside.ContainsKey(entity))
                {
                    continue;
                }

                dbSetNames.TryGetValue(entity, out var names);
                contextOf.TryGetValue(entity, out var context);
                fluent.Entities.TryGetValue(entity, out var entityFluent);
                string? notAnalyzed = entityFluent?.NotAnalyzed
                    ?? (context != null && contextWide.TryGetValue(context, out var wide) ? wide : null);
                string? contextSchema = context != null && fluent.DefaultSchemas.TryGetValue(context, out var s) ? s : null;
                var detected = ConventionOf(context, namingCalls, out string? conventionProblem);
                var mapping = Map(entity, names, ef, options, detected, conventionProblem, entityFluent, fluent.OwnedTypes, contextSchema, ref notAnalyzed, compilation);
                entities.Add(entity, new EntityMapping(entity, context, mapping.Schema, mapping.Table, mapping.Properties, notAnalyzed, entityFluent?.Table != null, entityFluent?.Table != null && entityFluent.ToView)
                {
                    Convention = mapping.Convention,
                });
            }

            // Inheritance, as EF Core maps it:
            // - TPH (the default): a derived entity maps the root's table with the properties it declares, whose columns are
            //   nullable whatever the CLR type (other types' rows have none); a shadow discriminator column exists;
            // - TPT ([Table]/ToTable on a derived type, or UseTptMappingStrategy): its own table, with what it declares and the key;
            // - TPC (UseTpcMappingStrategy): each concrete type's own table with all its properties; an abstract root has none.
            foreach (var mapping in new List<EntityMapping>(entities.Values))
            {
                INamedTypeSymbol? root = null;
                for (var baseType = mapping.Type.BaseType; baseType != null; baseType = baseType.BaseType)
                {
                    if (entities.ContainsKey(baseType))
                    {
                        root = baseType;
                    }
                }

                if (root == null)
                {
                    continue;
                }

                var rootMapping = entities[root];
                fluent.Entities.TryGetValue(root, out var rootFluent);
                fluent.Entities.TryGetValue(mapping.Type, out var derivedFluent);
                bool ownTable = derivedFluent?.Table != null || EfCoreSymbols.Find(mapping.Type, ef.TableAttribute) != null;
                string strategy = rootFluent?.MappingStrategy ?? (ownTable ? "TPT" : "TPH");
                string? reason = rootMapping.NotAnalyzedReason != null ? "derives from " + root.Name + ", which is not analyzed" : mapping.NotAnalyzedReason;
                var properties = ImmutableArray.CreateBuilder<PropertyMapping>();
                var key = PrimaryKey(rootMapping, fluent, ef);
                foreach (var property in mapping.Properties)
                {
                    bool inherited = IsDeclaredIn(property.Property.ContainingType, root);
                    if (strategy == "TPC" || !inherited)
                    {
                        properties.Add(strategy == "TPH" ? property.WithRequiredUnknown() : property);
                    }
                    else if (strategy == "TPT" && key != null && property.Name == key.Name)
                    {
                        properties.Add(property);
                    }
                }

                bool sharedTable = strategy == "TPH";
                entities[mapping.Type] = new EntityMapping(
                    mapping.Type,
                    mapping.Context ?? rootMapping.Context,
                    sharedTable ? rootMapping.Schema : mapping.Schema,
                    sharedTable ? rootMapping.Table : mapping.Table,
                    properties.ToImmutable(),
                    reason,
                    sharedTable ? rootMapping.TableFromFluent : mapping.TableFromFluent,
                    sharedTable ? rootMapping.IsView : mapping.IsView,
                    root)
                {
                    Convention = mapping.Convention,
                };
                if (entities[root].HierarchyRoot == null)
                {
                    entities[root] = new EntityMapping(rootMapping.Type, rootMapping.Context, rootMapping.Schema, rootMapping.Table, rootMapping.Properties, rootMapping.NotAnalyzedReason, rootMapping.TableFromFluent, rootMapping.IsView, root)
                    {
                        Convention = rootMapping.Convention,
                        HasNoTable = strategy == "TPC" && root.IsAbstract,
                    };
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

                ConventionOf(context, namingCalls, out string? conventionProblem);
                if (conventionProblem != null)
                {
                    notes.Add(conventionProblem);
                }

                var contextTree = context.Locations.Length > 0 ? context.Locations[0].SourceTree : null;
                var contextOptions = contextTree != null ? options.GetOptions(contextTree) : options.GlobalOptions;
                string? databaseOption = contextOptions.TryGetValue(AnalyzerOptionKeys.Database, out var db) && db.Trim().Length > 0 ? db.Trim() : null;
                contextModels.Add(context, new ContextModel(context, count, notes.ToImmutable(), databaseOption, ConnectionStringDatabase(context, cancellationToken)));
            }

            foreach (var entity in entities.Values)
            {
                entity.Key = PrimaryKey(entity, fluent, ef);
            }

            var relationships = Relationships(entities, fluent, ef);
            var navigationsWithForeignKey = new HashSet<(INamedTypeSymbol, string)>();
            foreach (var relationship in relationships)
            {
                if (relationship.Navigation != null)
                {
                    navigationsWithForeignKey.Add((relationship.Dependent.Type, relationship.Navigation));
                }
            }

            foreach (var entity in entities.Values)
            {
                entity.FullyMapped = IsFullyMapped(entity, entities, navigationsWithForeignKey, fluent, ef);
            }

            return new EntityModel(entities, contextModels, outside, relationships, EnumMappings(compilation, cancellationToken), OwnedCollections(entities, fluent, ef, compilation));
        }

        private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<bool>> MentionsEnumMapping = new ConditionalWeakTable<SyntaxTree, StrongBox<bool>>();

        /// <summary>
        /// MapEnum&lt;T&gt;(...) (Npgsql's data source or EF Core options) and HasPostgresEnum&lt;T&gt;(...) calls, wherever
        /// they are; only the files that mention them are bound.
        /// </summary>
        private static Dictionary<INamedTypeSymbol, EnumMapping> EnumMappings(Compilation compilation, CancellationToken cancellationToken)
        {
            var result = new Dictionary<INamedTypeSymbol, EnumMapping>(SymbolEqualityComparer.Default);
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (!MentionsEnumMapping.GetValue(tree, t =>
                    {
                        string text = t.GetText(cancellationToken).ToString();
                        return new StrongBox<bool>(text.IndexOf("MapEnum<", StringComparison.Ordinal) >= 0 || text.IndexOf("HasPostgresEnum<", StringComparison.Ordinal) >= 0);
                    }).Value)
                {
                    continue;
                }

                var semanticModel = SemanticModelFor(compilation, tree);
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (node is not InvocationExpressionSyntax invocation || InvokedName(invocation) is not ("MapEnum" or "HasPostgresEnum")
                        || semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { TypeArguments.Length: 1 } method
                        || method.TypeArguments[0] is not INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
                    {
                        continue;
                    }

                    string? name = null, schema = null;
                    bool customTranslator = false;
                    var parameters = (method.ReducedFrom ?? method).Parameters;
                    int offset = method.ReducedFrom != null ? 1 : 0;
                    foreach (var argument in invocation.ArgumentList.Arguments)
                    {
                        int index = invocation.ArgumentList.Arguments.IndexOf(argument);
                        var parameter = argument.NameColon != null
                            ? parameters.FirstOrDefault(p => p.Name == argument.NameColon.Name.Identifier.ValueText)
                            : index + offset < parameters.Length ? parameters[index + offset] : null;
                        var value = semanticModel.GetConstantValue(argument.Expression, cancellationToken);
                        switch (parameter?.Name)
                        {
                            case "pgName" or "enumName" or "name":
                                name = value.HasValue ? value.Value as string : null;
                                customTranslator |= !value.HasValue;
                                break;
                            case "schemaName" or "schema":
                                schema = value.HasValue ? value.Value as string : null;
                                customTranslator |= !value.HasValue;
                                break;
                            case "nameTranslator":
                                customTranslator |= !(value.HasValue && value.Value == null);
                                break;
                        }
                    }

                    result[enumType] = new EnumMapping(name, schema, customTranslator);
                }
            }

            return result;
        }

        /// <summary>
        /// The maximum length or precision the code declares, where EF Core reads it: fluent configuration, then a typmod in
        /// the declared column type, then [MaxLength], [StringLength] or [Precision].
        /// </summary>
        private static DeclaredFacet? Facet(IPropertySymbol property, PropertyFluent? fluent, string? storeType, EfCoreSymbols ef)
        {
            if (fluent?.MaxLength is int fluentLength)
            {
                return new DeclaredFacet(true, fluentLength, null, "HasMaxLength", fixable: false);
            }

            if (fluent?.Precision is { } fluentPrecision)
            {
                return new DeclaredFacet(false, fluentPrecision.Precision, fluentPrecision.Scale, "HasPrecision", fixable: false);
            }

            if (storeType != null && Typmod(storeType) is { } typmod)
            {
                var kind = PostgresType.Parse(storeType).Kind;
                return kind == PgKind.Text ? new DeclaredFacet(true, typmod.Size, null, "the declared column type", fixable: false)
                    : kind == PgKind.Numeric ? new DeclaredFacet(false, typmod.Size, typmod.Scale, "the declared column type", fixable: false)
                    : null;
            }

            if ((EfCoreSymbols.Find(property, ef.MaxLengthAttribute) ?? EfCoreSymbols.Find(property, ef.StringLengthAttribute)) is { } lengthAttribute
                && lengthAttribute.ConstructorArguments.Length >= 1 && lengthAttribute.ConstructorArguments[0].Value is int length && length > 0)
            {
                return new DeclaredFacet(true, length, null, "[" + lengthAttribute.AttributeClass!.Name.Replace("Attribute", string.Empty) + "]", fixable: true);
            }

            if (EfCoreSymbols.Find(property, ef.PrecisionAttribute) is { } precisionAttribute
                && precisionAttribute.ConstructorArguments.Length >= 1 && precisionAttribute.ConstructorArguments[0].Value is int precision)
            {
                int? scale = precisionAttribute.ConstructorArguments.Length > 1 ? precisionAttribute.ConstructorArguments[1].Value as int? : null;
                return new DeclaredFacet(false, precision, scale, "[Precision]", fixable: true);
            }

            return null;
        }

        /// <summary><c>character varying(255)</c> → 255; <c>numeric(12,2)</c> → (12, 2); no typmod → null.</summary>
        internal static (int Size, int? Scale)? Typmod(string type)
        {
            var match = TypmodPattern.Match(type);
            if (!match.Success || !int.TryParse(match.Groups[1].Value, out int size))
            {
                return null;
            }

            return (size, match.Groups[2].Success && int.TryParse(match.Groups[2].Value, out int scale) ? scale : null);
        }

        private static readonly Regex TypmodPattern = new Regex(@"\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)", RegexOptions.CultureInvariant);

        /// <summary>
        /// The relationships the code declares, found as EF Core finds them: the fluent API's HasForeignKey; [ForeignKey]; a
        /// reference navigation and an FK property named &lt;navigation&gt;&lt;key&gt;, &lt;principal&gt;&lt;key&gt;,
        /// &lt;navigation&gt;Id or &lt;principal&gt;Id; or a collection navigation on the principal with such a property
        /// on the dependent. Relationships to a key other than the primary key (HasPrincipalKey) are left out.
        /// </summary>
        private static List<Relationship> Relationships(Dictionary<INamedTypeSymbol, EntityMapping> entities, FluentConfiguration fluent, EfCoreSymbols ef)
        {
            var result = new List<Relationship>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            void Add(EntityMapping dependent, PropertyMapping? foreignKey, EntityMapping principal, string? navigation)
            {
                if (foreignKey != null && PrimaryKey(principal, fluent, ef) is { } key && seen.Add(dependent.Type.ToDisplayString() + "." + foreignKey.Name))
                {
                    result.Add(new Relationship(dependent, foreignKey, principal, key, navigation));
                }
            }

            foreach (var dependent in entities.Values)
            {
                if (dependent.NotAnalyzedReason != null)
                {
                    continue;
                }

                if (fluent.Entities.TryGetValue(dependent.Type, out var dependentFluent))
                {
                    foreach (var (principalType, property, customKey) in dependentFluent.ForeignKeys)
                    {
                        if (!customKey && entities.TryGetValue(principalType, out var principal))
                        {
                            Add(dependent, Find(dependent, property), principal, null);
                        }
                        else
                        {
                            seen.Add(dependent.Type.ToDisplayString() + "." + property);
                        }
                    }
                }

                foreach (var member in AllProperties(dependent.Type))
                {
                    if (member.Type is not INamedTypeSymbol navigationType || !entities.TryGetValue(navigationType, out var principal) || principal.NotAnalyzedReason != null)
                    {
                        continue;
                    }

                    var explicitKey = EfCoreSymbols.Find(member, ef.ForeignKeyAttribute)?.ConstructorArguments.FirstOrDefault().Value as string;
                    PropertyMapping? foreignKey = explicitKey != null ? Find(dependent, explicitKey) : null;
                    if (foreignKey == null)
                    {
                        foreach (var candidate in dependent.Properties)
                        {
                            if (EfCoreSymbols.Find(candidate.Property, ef.ForeignKeyAttribute)?.ConstructorArguments.FirstOrDefault().Value as string == member.Name)
                            {
                                foreignKey = candidate;
                            }
                        }
                    }

                    if (foreignKey == null && PrimaryKey(principal, fluent, ef) is { } key)
                    {
                        foreignKey = Find(dependent, member.Name + key.Name) ?? Find(dependent, principal.Name + key.Name) ?? Find(dependent, member.Name + "Id") ?? Find(dependent, principal.Name + "Id");

                        // No FK property: EF Core creates a shadow one, <navigation><key>, of the key's type (nullable).
                        if (foreignKey == null && explicitKey == null && !key.Converted && member.SetMethod != null)
                        {
                            string shadow = member.Name + key.Name;
                            foreignKey = new PropertyMapping(member, dependent.Convention.Rewrite(shadow), key.ClrType, null, member.Locations.Length > 0 && member.Locations[0].IsInSource ? member.Locations[0] : dependent.Type.Locations[0], converted: true, required: null, displayName: shadow + " (shadow foreign key)")
                            {
                                TypeDisplay = key.Property.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                            };
                            dependent.AddShadow(foreignKey);
                        }
                    }

                    Add(dependent, foreignKey, principal, member.Name);
                }
            }

            // One-to-many declared from the principal side only: ICollection<Dependent> on the principal.
            foreach (var principal in entities.Values)
            {
                if (principal.NotAnalyzedReason != null || PrimaryKey(principal, fluent, ef) is not { } key)
                {
                    continue;
                }

                foreach (var member in AllProperties(principal.Type))
                {
                    if (member.Type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } collection && collection.TypeArguments[0] is INamedTypeSymbol element
                        && entities.TryGetValue(element, out var dependent) && dependent.NotAnalyzedReason == null)
                    {
                        Add(dependent, Find(dependent, principal.Name + key.Name) ?? Find(dependent, principal.Name + "Id"), principal, null);
                    }
                }
            }

            return result;
        }

        /// <summary>Whether <paramref name="declaring"/> is <paramref name="root"/> or one of its base types.</summary>
        private static bool IsDeclaredIn(INamedTypeSymbol declaring, INamedTypeSymbol root)
        {
            for (var type = root; type != null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, declaring))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsFullyMapped(EntityMapping entity, Dictionary<INamedTypeSymbol, EntityMapping> entities, HashSet<(INamedTypeSymbol, string)> navigationsWithForeignKey, FluentConfiguration fluent, EfCoreSymbols ef)
        {
            // A hierarchy has a shadow discriminator column.
            if (entity.NotAnalyzedReason != null || entity.IsView || entity.HierarchyRoot != null || (fluent.Entities.TryGetValue(entity.Type, out var entityFluent) && entityFluent.HasShadowProperties))
            {
                return false;
            }

            var mappedNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in entity.Properties)
            {
                mappedNames.Add(property.Name);
            }

            foreach (var member in AllProperties(entity.Type))
            {
                if (member.GetMethod == null || EfCoreSymbols.Find(member, ef.NotMappedAttribute) != null || (entityFluent != null && entityFluent.Ignored.Contains(member.Name)))
                {
                    continue;
                }

                if (mappedNames.Contains(member.Name) || member.SetMethod == null && member.Type is not INamedTypeSymbol { IsGenericType: true })
                {
                    continue;
                }

                if (member.Type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } collection && collection.TypeArguments[0] is INamedTypeSymbol element && entities.ContainsKey(element))
                {
                    continue;
                }

                if (!(member.Type is INamedTypeSymbol target && entities.ContainsKey(target) && navigationsWithForeignKey.Contains((entity.Type, member.Name))))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The entity's single-property primary key: fluent HasKey, [PrimaryKey], [Key], Id, &lt;Type&gt;Id; null when composite or unknown.</summary>
        private static PropertyMapping? PrimaryKey(EntityMapping entity, FluentConfiguration fluent, EfCoreSymbols ef)
        {
            if (fluent.Entities.TryGetValue(entity.Type, out var entityFluent) && entityFluent.KeyConfigured)
            {
                return entityFluent.Key != null ? Find(entity, entityFluent.Key) : null;
            }

            if (EfCoreSymbols.Find(entity.Type, ef.PrimaryKeyAttribute) is { } primaryKey)
            {
                return primaryKey.ConstructorArguments.Length == 2 && primaryKey.ConstructorArguments[0].Value is string single
                    && primaryKey.ConstructorArguments[1].Values.IsDefaultOrEmpty
                    ? Find(entity, single)
                    : null;
            }

            PropertyMapping? keyed = null;
            int keys = 0;
            foreach (var property in entity.Properties)
            {
                if (EfCoreSymbols.Find(property.Property, ef.KeyAttribute) != null)
                {
                    keyed = property;
                    keys++;
                }
            }

            if (keys > 0)
            {
                return keys == 1 ? keyed : null;
            }

            return Find(entity, "Id") ?? Find(entity, entity.Name + "Id");
        }

        private static PropertyMapping? Find(EntityMapping entity, string name)
        {
            foreach (var property in entity.Properties)
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return property;
                }
            }

            return null;
        }

        private static IEnumerable<IPropertySymbol> AllProperties(INamedTypeSymbol type)
        {
            for (var t = type; t != null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                foreach (var member in t.GetMembers())
                {
                    if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public } property)
                    {
                        yield return property;
                    }
                }
            }
        }

        /// <summary>
        /// Classes that look like entities whether or not a model holds them: [Table], [Keyless], [PrimaryKey], [Index], the
        /// T of an IEntityTypeConfiguration&lt;T&gt;. With what makes each look so, for the message.
        /// </summary>
        private static Dictionary<INamedTypeSymbol, string> LooksLikeEntities(INamespaceSymbol global, EfCoreSymbols ef, List<INamedTypeSymbol> configurations, CancellationToken cancellationToken)
        {
            var result = new Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
            foreach (var configuration in configurations)
            {
                foreach (var implemented in configuration.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, ef.EntityTypeConfiguration) && implemented.TypeArguments[0] is INamedTypeSymbol configured
                        && configured.Locations.Length > 0 && configured.Locations[0].IsInSource)
                    {
                        result[configured] = "it has a configuration class, " + configuration.Name;
                    }
                }
            }

            var stack = new Stack<INamespaceOrTypeSymbol>();
            stack.Push(global);
            while (stack.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var member in stack.Pop().GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol container)
                    {
                        stack.Push(container);
                    }

                    if (member is INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false } type && !result.ContainsKey(type))
                    {
                        string? attribute = EfCoreSymbols.Find(type, ef.TableAttribute) != null ? "[Table]"
                            : EfCoreSymbols.Find(type, ef.KeylessAttribute) != null ? "[Keyless]"
                            : EfCoreSymbols.Find(type, ef.PrimaryKeyAttribute) != null ? "[PrimaryKey]"
                            : EfCoreSymbols.Find(type, ef.IndexAttribute) != null ? "[Index]"
                            : null;
                        if (attribute != null)
                        {
                            result.Add(type, "it has " + attribute);
                        }
                    }
                }
            }

            return result;
        }

        /// <summary>The types <paramref name="roots"/> reach through navigation properties, roots included.</summary>
        private static HashSet<INamedTypeSymbol> Reachable(IEnumerable<INamedTypeSymbol> roots, EfCoreSymbols ef, FluentConfiguration fluent, CancellationToken cancellationToken)
        {
            var reached = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            var queue = new Queue<INamedTypeSymbol>();
            foreach (var root in roots)
            {
                if (reached.Add(root))
                {
                    queue.Enqueue(root);
                }
            }

            while (queue.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var type = queue.Dequeue(); type != null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
                {
                    foreach (var member in type.GetMembers())
                    {
                        if (member is IPropertySymbol { IsStatic: false, IsIndexer: false } property && NavigationTarget(property.Type) is { } target
                            && !fluent.NotEntities.Contains(target) && reached.Add(target))
                        {
                            queue.Enqueue(target);
                        }
                    }
                }
            }

            return reached;
        }

        /// <summary>The entity a navigation property leads to: a class, or the element class of a collection; not strings or scalars.</summary>
        private static INamedTypeSymbol? NavigationTarget(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array)
            {
                type = array.ElementType;
            }
            else if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic && IsEnumerable(generic.OriginalDefinition))
            {
                type = generic.TypeArguments[0];
            }

            return type is INamedTypeSymbol { TypeKind: TypeKind.Class, SpecialType: SpecialType.None } target
                && !Namespaces.IsWithin(target.ContainingNamespace, "System") && !Namespaces.IsWithin(target.ContainingNamespace, "Microsoft")
                && !ClrType.Classify(target).IsKnown
                ? target
                : null;
        }

        private static readonly ConditionalWeakTable<INamedTypeSymbol, StrongBox<bool>> EnumerableDefinitions = new ConditionalWeakTable<INamedTypeSymbol, StrongBox<bool>>();

        /// <summary>IEnumerable&lt;T&gt; or a type that implements it, decided once per generic definition (List`1, ICollection`1...).</summary>
        private static bool IsEnumerable(INamedTypeSymbol definition)
            => EnumerableDefinitions.GetValue(definition, d =>
            {
                if (d.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                {
                    return new StrongBox<bool>(true);
                }

                foreach (var implemented in d.AllInterfaces)
                {
                    if (implemented.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                    {
                        return new StrongBox<bool>(true);
                    }
                }

                return new StrongBox<bool>(false);
            }).Value;

        private static void CollectTypes(INamespaceOrTypeSymbol container, EfCoreSymbols ef, List<INamedTypeSymbol> contexts, List<INamedTypeSymbol> tableAttributed, List<INamedTypeSymbol> configurations, CancellationToken cancellationToken)
        {
            foreach (var member in container.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is INamespaceSymbol ns)
                {
                    CollectTypes(ns, ef, contexts, tableAttributed, configurations, cancellationToken);
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
                        if (ef.EntityTypeConfiguration != null && SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, ef.EntityTypeConfiguration) && !type.IsAbstract)
                        {
                            configurations.Add(type);
                            break;
                        }
                    }

                    CollectTypes(type, ef, contexts, tableAttributed, configurations, cancellationToken);
                }
            }
        }

        /// <summary>
        /// Reads the context's OnModelCreating, and the Configure methods of the IEntityTypeConfiguration classes it
        /// applies (ApplyConfiguration(new X()), or all of them with ApplyConfigurationsFromAssembly); ConfigureConventions
        /// blocks the analysis only where it changes column types or conversions model-wide.
        /// </summary>
        private static void ReadModelConfiguration(Compilation compilation, INamedTypeSymbol context, List<INamedTypeSymbol> configurations, FluentConfiguration fluent, CancellationToken cancellationToken)
        {
            for (var type = context; type != null && !Namespaces.IsWithin(type.ContainingNamespace, "Microsoft", "EntityFrameworkCore"); type = type.BaseType)
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is not IMethodSymbol { IsOverride: true } method || (method.Name != "OnModelCreating" && method.Name != "ConfigureConventions"))
                    {
                        continue;
                    }

                    foreach (var reference in method.DeclaringSyntaxReferences)
                    {
                        var body = reference.GetSyntax(cancellationToken);
                        var semanticModel = SemanticModelFor(compilation, body.SyntaxTree);
                        if (method.Name == "ConfigureConventions")
                        {
                            foreach (var node in body.DescendantNodes())
                            {
                                if (node is InvocationExpressionSyntax invocation && InvokedName(invocation) is "HaveColumnType" or "HaveConversion")
                                {
                                    fluent.ContextProblems[context] = "ConfigureConventions sets column types or conversions model-wide, which the analyzers do not evaluate";
                                }
                            }

                            continue;
                        }

                        fluent.Read(body, semanticModel, context, cancellationToken);
                        foreach (var node in body.DescendantNodes())
                        {
                            if (node is not InvocationExpressionSyntax invocation)
                            {
                                continue;
                            }

                            string? name = InvokedName(invocation);
                            if (name == "ApplyConfigurationsFromAssembly")
                            {
                                foreach (var configuration in configurations)
                                {
                                    ReadConfiguration(compilation, configuration, context, fluent, cancellationToken);
                                }
                            }
                            else if (name == "ApplyConfiguration" && invocation.ArgumentList.Arguments.Count == 1
                                && semanticModel.GetTypeInfo(invocation.ArgumentList.Arguments[0].Expression, cancellationToken).Type is INamedTypeSymbol applied)
                            {
                                ReadConfiguration(compilation, applied, context, fluent, cancellationToken);
                            }
                        }
                    }
                }
            }
        }

        private static void ReadConfiguration(Compilation compilation, INamedTypeSymbol configuration, INamedTypeSymbol context, FluentConfiguration fluent, CancellationToken cancellationToken)
        {
            foreach (var member in configuration.GetMembers("Configure"))
            {
                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    var body = reference.GetSyntax(cancellationToken);
                    fluent.Read(body, SemanticModelFor(compilation, body.SyntaxTree), context, cancellationToken);
                }
            }
        }

#pragma warning disable RS1030 // The EF Core model spans files: OnModelCreating configures entities declared elsewhere. Only configuration bodies are bound, once per compilation.
        private static SemanticModel SemanticModelFor(Compilation compilation, SyntaxTree tree) => compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

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
            public TableAndProperties(string schema, string table, ImmutableArray<PropertyMapping> properties, NamingConvention convention)
            {
                Schema = schema;
                Table = table;
                Properties = properties;
                Convention = convention;
            }

            public NamingConvention Convention { get; }

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
            EntityFluent? fluent,
            HashSet<INamedTypeSymbol> ownedTypes,
            string? contextSchema,
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

            string defaultSchema = contextSchema
                ?? (config.TryGetValue(AnalyzerOptionKeys.DefaultSchema, out var schemaOption) && schemaOption.Trim().Length > 0 ? schemaOption.Trim() : "public");
            string schema = defaultSchema;
            string table;
            var tableAttribute = EfCoreSymbols.Find(entity, ef.TableAttribute);
            if (fluent?.Table != null)
            {
                // Fluent configuration wins over annotations, and names it gives are not rewritten by naming conventions.
                table = fluent.Table;
                schema = fluent.Schema ?? defaultSchema;
            }
            else if (tableAttribute != null && tableAttribute.ConstructorArguments.Length == 1 && tableAttribute.ConstructorArguments[0].Value is string name)
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

            return new TableAndProperties(schema, table, MapProperties(entity, ef, convention, fluent, ownedTypes, compilation), convention);
        }

        /// <summary>
        /// The owned type a reference navigation leads to, when its mapping is the default one: [Owned], Owned&lt;T&gt;() or
        /// OwnsOne(e => e.Navigation) without a build action (a build action may rename or move what it owns).
        /// </summary>
        private static INamedTypeSymbol? OwnedNavigation(IPropertySymbol property, EntityFluent? fluent, HashSet<INamedTypeSymbol> ownedTypes, EfCoreSymbols ef)
        {
            if (property.Type is not INamedTypeSymbol { TypeKind: TypeKind.Class } type || type.SpecialType != SpecialType.None)
            {
                return null;
            }

            if (fluent != null && fluent.OwnedNavigations.TryGetValue(property.Name, out bool configured))
            {
                return configured ? null : type;
            }

            return EfCoreSymbols.Find(type, ef.OwnedAttribute) != null || ownedTypes.Contains(type) ? type : null;
        }

        /// <summary>
        /// Owned collections ([Owned] element type, Owned&lt;T&gt;(), or OwnsMany without a build action), as EF Core maps
        /// them: a table named after the owned type (rewritten by the owner's naming convention) in the owner's schema, the
        /// owned type's properties with their own names, plus a shadow owner foreign key and key (so never "fully mapped").
        /// </summary>
        private static List<EntityMapping> OwnedCollections(Dictionary<INamedTypeSymbol, EntityMapping> entities, FluentConfiguration fluent, EfCoreSymbols ef, Compilation compilation)
        {
            var result = new List<EntityMapping>();
            foreach (var owner in entities.Values)
            {
                if (owner.NotAnalyzedReason != null)
                {
                    continue;
                }

                fluent.Entities.TryGetValue(owner.Type, out var ownerFluent);
                foreach (var member in AllProperties(owner.Type))
                {
                    if (member.Type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } collection || !IsEnumerable(collection.OriginalDefinition)
                        || collection.TypeArguments[0] is not INamedTypeSymbol { TypeKind: TypeKind.Class } owned || entities.ContainsKey(owned))
                    {
                        continue;
                    }

                    bool configured = false;
                    bool ownedByFluent = ownerFluent != null && ownerFluent.OwnedNavigations.TryGetValue(member.Name, out configured);
                    if (configured || !(ownedByFluent || EfCoreSymbols.Find(owned, ef.OwnedAttribute) != null || fluent.OwnedTypes.Contains(owned)))
                    {
                        continue;
                    }

                    var properties = ImmutableArray.CreateBuilder<PropertyMapping>();
                    foreach (var property in MapProperties(owned, ef, owner.Convention, null, fluent.OwnedTypes, compilation))
                    {
                        properties.Add(property);
                    }

                    result.Add(new EntityMapping(owned, owner.Context, owner.Schema, owner.Convention.Rewrite(owned.Name), properties.ToImmutable(), null)
                    {
                        Convention = owner.Convention,
                    });
                }
            }

            return result;
        }

        /// <summary>
        /// An owned type's properties, in the owner's table (table splitting, EF Core's default): columns named
        /// &lt;Navigation&gt;_&lt;Property&gt; rewritten by the naming convention, or [Column] names as given. Their nullability is
        /// not judged (an optional owned value leaves them all null).
        /// </summary>
        private static void MapOwned(IPropertySymbol navigation, INamedTypeSymbol owned, EfCoreSymbols ef, NamingConvention convention, Compilation compilation, Location entityLocation, ImmutableArray<PropertyMapping>.Builder result)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var type = owned; type != null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is not IPropertySymbol property || !seen.Add(property.Name) || property.IsStatic || property.IsIndexer
                        || property.DeclaredAccessibility != Accessibility.Public || property.GetMethod == null || property.SetMethod == null
                        || EfCoreSymbols.Find(property, ef.NotMappedAttribute) != null)
                    {
                        continue;
                    }

                    var clrType = ClrType.Classify(property.Type);
                    if (!clrType.IsKnown)
                    {
                        continue;
                    }

                    string? explicitName = EfCoreSymbols.Find(property, ef.ColumnAttribute) is { ConstructorArguments.Length: 1 } column ? column.ConstructorArguments[0].Value as string : null;
                    var location = property.Locations.Length > 0 && property.Locations[0].IsInSource && compilation.ContainsSyntaxTree(property.Locations[0].SourceTree!)
                        ? property.Locations[0]
                        : entityLocation;
                    result.Add(new PropertyMapping(
                        property,
                        explicitName ?? convention.Rewrite(navigation.Name + "_" + property.Name),
                        clrType,
                        null,
                        location,
                        required: null,
                        displayName: navigation.Name + "." + property.Name));
                }
            }
        }

        private static ImmutableArray<PropertyMapping> MapProperties(INamedTypeSymbol entity, EfCoreSymbols ef, NamingConvention convention, EntityFluent? fluent, HashSet<INamedTypeSymbol> ownedTypes, Compilation compilation)
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
                        || EfCoreSymbols.Find(property, ef.NotMappedAttribute) != null
                        || (fluent != null && fluent.Ignored.Contains(property.Name)))
                    {
                        continue;
                    }

                    PropertyFluent? propertyFluent = null;
                    fluent?.Properties.TryGetValue(property.Name, out propertyFluent);
                    if (propertyFluent?.NotAnalyzed != null)
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

                    storeType = propertyFluent?.ColumnType ?? storeType;
                    if (OwnedNavigation(property, fluent, ownedTypes, ef) is { } ownedType)
                    {
                        MapOwned(property, ownedType, ef, convention, compilation, entityLocation, result);
                        continue;
                    }

                    var clrType = propertyFluent?.ProviderType ?? ClrType.Classify(property.Type);
                    if (!clrType.IsKnown && storeType == null)
                    {
                        // A navigation, an owned or complex type, or a provider-specific type: not a column we can judge.
                        continue;
                    }

                    var location = property.Locations.Length > 0 && property.Locations[0].IsInSource && compilation.ContainsSyntaxTree(property.Locations[0].SourceTree!)
                        ? property.Locations[0]
                        : entityLocation;
                    // Requiredness as EF Core decides it: IsRequired, then [Required], then the type and its nullable annotation.
                    bool? required;
                    bool requiredByType = false;
                    if (propertyFluent?.Required is bool fluentRequired)
                    {
                        required = fluentRequired;
                    }
                    else if (EfCoreSymbols.Find(property, ef.RequiredAttribute) != null)
                    {
                        required = true;
                    }
                    else
                    {
                        requiredByType = true;
                        required = property.Type.IsValueType
                            ? property.Type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T
                            : property.NullableAnnotation switch
                            {
                                NullableAnnotation.Annotated => false,
                                NullableAnnotation.NotAnnotated => true,
                                _ => null,
                            };
                    }

                    var mapping = new PropertyMapping(property, propertyFluent?.Column ?? columnName ?? convention.Rewrite(property.Name), clrType, storeType, location, propertyFluent?.ProviderType != null, required, requiredByType);
                    mapping.Facet = Facet(property, propertyFluent, storeType, ef);
                    result.Add(mapping);
                }
            }

            return result.ToImmutable();
        }

        /// <summary>
        /// The <c>Use...NamingConvention()</c> calls of EFCore.NamingConventions in the compilation (when it references that
        /// package), each attributed to a DbContext where the code says which: inside the context's own class, or inside
        /// <c>AddDbContext&lt;T&gt;</c> and its siblings. Found once per syntax tree.
        /// </summary>
        private static List<NamingCall> NamingCalls(Compilation compilation, CancellationToken cancellationToken)
        {
            var calls = new List<NamingCall>();
            foreach (var assembly in compilation.ReferencedAssemblyNames)
            {
                if (assembly.Name == "EFCore.NamingConventions")
                {
                    foreach (var tree in compilation.SyntaxTrees)
                    {
                        calls.AddRange(NamingCallsByTree.GetValue(tree, t => NamingCallsIn(t, cancellationToken)));
                    }

                    break;
                }
            }

            return calls;
        }

        /// <summary>
        /// The naming convention of a context: its own calls, else the calls no context claims; two different ones are a
        /// problem (set the option).
        /// </summary>
        private static NamingConvention? ConventionOf(INamedTypeSymbol? context, List<NamingCall> calls, out string? problem)
        {
            problem = null;
            int own = 0;
            int unattributed = 0;
            foreach (var call in calls)
            {
                if (call.Context == null)
                {
                    unattributed |= call.Conventions;
                }
                else if (context != null && call.Context == context.Name)
                {
                    own |= call.Conventions;
                }
            }

            int used = own != 0 ? own : unattributed;
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

        private static readonly HashSet<string> AddContextMethods = new HashSet<string>(StringComparer.Ordinal)
        {
            "AddDbContext", "AddDbContextPool", "AddDbContextFactory", "AddPooledDbContextFactory",
        };

        private static List<NamingCall> NamingCallsIn(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var calls = new List<NamingCall>();
            var text = tree.GetText(cancellationToken).ToString();
            if (text.IndexOf("NamingConvention", StringComparison.Ordinal) < 0)
            {
                return calls;
            }

            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax invocation || InvokedName(invocation) is not { } name || NamingConventions.FromMethodName(name) is not { } convention)
                {
                    continue;
                }

                string? context = null;
                foreach (var ancestor in invocation.Ancestors())
                {
                    if (ancestor is InvocationExpressionSyntax outer
                        && (outer.Expression as MemberAccessExpressionSyntax)?.Name is GenericNameSyntax { TypeArgumentList.Arguments.Count: >= 1 } generic
                        && AddContextMethods.Contains(generic.Identifier.ValueText))
                    {
                        context = LastIdentifier(generic.TypeArgumentList.Arguments[0]);
                        break;
                    }

                    if (ancestor is ClassDeclarationSyntax type)
                    {
                        context = type.Identifier.ValueText;
                        break;
                    }
                }

                calls.Add(new NamingCall(1 << (int)convention, context));
            }

            return calls;
        }

        private static string LastIdentifier(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => type.ToString(),
        };

        /// <summary>A Use...NamingConvention() call: which conventions (bits), and the simple name of the context it configures, if known.</summary>
        private sealed class NamingCall
        {
            public NamingCall(int conventions, string? context)
            {
                Conventions = conventions;
                Context = context;
            }

            public int Conventions { get; }

            public string? Context { get; }
        }
    }
}
