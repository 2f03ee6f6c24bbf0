using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using DriftAnalyzers.Model.Migrations;
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
    internal static partial class EntityModelBuilder
    {
        // Calls in OnModelCreating that can rename or retype any entity: the whole context is then not analyzed.
        private static readonly FileCache<NamingCallsInFile> NamingCallsByFile = new FileCache<NamingCallsInFile>();

        /// <summary>
        /// Whether the compilation references EF Core (the assembly that declares DbContext and DbSet&lt;T&gt;): if not, the
        /// analyzers register nothing. Read from the list of references rather than by looking the two types up by metadata
        /// name: the first such lookup searches the namespaces of every referenced assembly, about 10 ms per build.
        /// </summary>
        public static bool ReferencesEfCore(Compilation compilation)
        {
            foreach (var assembly in compilation.ReferencedAssemblyNames)
            {
                if (assembly.Name == "Microsoft.EntityFrameworkCore")
                {
                    return true;
                }
            }

            return false;
        }

        public static EntityModel Build(Compilation compilation, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
            => Build(compilation, options, ImmutableArray<AdditionalText>.Empty, cancellationToken);

        /// <param name="additionalFiles">The compilation's AdditionalFiles: model snapshots of other projects arrive among them.</param>
        public static EntityModel Build(Compilation compilation, AnalyzerConfigOptionsProvider options, ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
        {
            // Every source type, from facts kept per file content: only files changed since the last compilation (or build) are bound.
            var stamp = CompilationStamp.Of(compilation, cancellationToken);
            var types = new Dictionary<string, TypeFacts>(StringComparer.Ordinal);
            var ordered = new List<TypeFacts>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                foreach (var type in TreeFacts.For(compilation, tree, stamp, cancellationToken).Types)
                {
                    if (!types.ContainsKey(type.Key))
                    {
                        types.Add(type.Key, type);
                        ordered.Add(type);
                    }
                }
            }

            // Entities a context exposes whose class is in a referenced assembly: read with the context's file. After every
            // source type, so a source type of the same name wins.
            for (int i = 0, sourceTypes = ordered.Count; i < sourceTypes; i++)
            {
                foreach (var entity in ordered[i].MetadataEntities)
                {
                    if (!types.ContainsKey(entity.Key))
                    {
                        types.Add(entity.Key, entity);
                        ordered.Add(entity);
                    }
                }
            }

            var migrations = MigrationsModels.InCompilation(compilation, cancellationToken);
            migrations.AddRange(MigrationsModels.InAdditionalFiles(additionalFiles, compilation, cancellationToken));
            var builder = new Builder(compilation, types, options) { AdditionalFiles = additionalFiles };
            return builder.Build(ordered, stamp, migrations, cancellationToken);
        }

        private sealed partial class Builder
        {
            private readonly Compilation compilation;
            private readonly SourceIndex index;
            private readonly Dictionary<string, TypeFacts> types;
            private readonly AnalyzerConfigOptionsProvider options;
            private readonly Func<string, TypeFacts?> source;

            public Builder(Compilation compilation, Dictionary<string, TypeFacts> types, AnalyzerConfigOptionsProvider options)
            {
                this.compilation = compilation;
                index = SourceIndex.Of(compilation);
                this.types = types;
                this.options = options;
                source = Lookup;
            }

            // Names as the naming conventions rewrite them, for this build: the same property names recur in every entity.
            private readonly Dictionary<string, string>?[] rewritten = new Dictionary<string, string>?[AllConventions.Length];

            private string Rewrite(NamingConvention convention, string name)
            {
                if (convention == NamingConvention.None)
                {
                    return name;
                }

                var names = rewritten[(int)convention] ??= new Dictionary<string, string>(StringComparer.Ordinal);
                if (!names.TryGetValue(name, out var result))
                {
                    names.Add(name, result = convention.Rewrite(name));
                }

                return result;
            }

            // The source types a mapping consulted, while one is computed (see MapKept).
            private List<KeyValuePair<string, TypeFacts?>>? consulted;

            private TypeFacts? Lookup(string key)
            {
                var type = types.TryGetValue(key, out var found) ? found : null;
                consulted?.Add(new KeyValuePair<string, TypeFacts?>(key, type));
                return type;
            }

            public EntityModel Build(List<TypeFacts> ordered, CompilationStamp stamp, List<MigrationsModel> migrations, CancellationToken cancellationToken)
            {
            var contexts = new List<TypeFacts>();
            var candidates = new List<string>();

            // Classes a context's model may not hold: [Table] alone does not put a class in a model.
            var tableOnly = new HashSet<string>(StringComparer.Ordinal);
            var candidateSet = new HashSet<string>(StringComparer.Ordinal);
            var configurations = new List<TypeFacts>();
            var configuredByAttribute = new List<TypeFacts>();
            foreach (var type in ordered)
            {
                if (type.Kind != TypeKind.Class)
                {
                    continue;
                }

                if (type.ConfiguredBy != null)
                {
                    configuredByAttribute.Add(type);
                }

                if (type.IsDbContext && !type.IsAbstract)
                {
                    contexts.Add(type);
                }
                else if (type.Attribute(Facts.TableAttribute) != null && candidateSet.Add(type.Key))
                {
                    candidates.Add(type.Key);
                    tableOnly.Add(type.Key);
                }

                if (!type.ConfiguredEntities.IsEmpty && !type.IsAbstract)
                {
                    configurations.Add(type);
                }
            }

            // A context claims the entities it shares with contexts derived from it, whatever the order of the files.
            contexts.Sort(BaseContextsFirst);
            var looksLikeEntity = LooksLikeEntities(ordered, configurations);
            var fluent = FluentConfigurationCache.For(compilation, contexts, configurations, configuredByAttribute, stamp, cancellationToken);

            var namingCalls = NamingCalls(compilation, cancellationToken);

            // Entity → the DbSet property names that expose it, and the first context that does.
            var dbSetNames = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            var contextOf = new Dictionary<string, TypeFacts>(StringComparer.Ordinal);
            var contextWide = new Dictionary<string, string>(StringComparer.Ordinal);
            var identityTables = new Dictionary<string, string>(StringComparer.Ordinal);

            // Each context's DbSets (its base contexts' included): an entity in the model of a context whose configuration
            // cannot be read is not checked, whichever context claims it.
            var members = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var context in contexts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var own = members[context.Key] = new HashSet<string>(StringComparer.Ordinal);
                for (var type = context; type != null && !type.IsEfCore; type = type.BaseType)
                {
                    bool identity = IdentityContexts.IsIdentityContext(type);
                    foreach (var property in type.Properties)
                    {
                        if (!property.IsStatic && property.Type.Key == Facts.DbSetKey && property.Type.TypeArguments.Length == 1 && property.Type.TypeArguments[0].Key is { Length: > 0 } entity)
                        {
                            own.Add(entity);
                            if (identity && IdentityContexts.TableOf(property.Name) is { } identityTable)
                            {
                                // ASP.NET Core Identity maps its DbSets with ToTable in its own OnModelCreating: AspNetUsers, not Users.
                                identityTables[entity] = identityTable;
                                if (!contextOf.ContainsKey(entity))
                                {
                                    contextOf.Add(entity, context);
                                }

                                if (candidateSet.Add(entity))
                                {
                                    candidates.Add(entity);
                                }

                                continue;
                            }

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

                if (fluent.ContextProblems.TryGetValue(context.Key, out var reason))
                {
                    contextWide[context.Key] = reason;
                }
            }

            foreach (var pair in fluent.ContextOf)
            {
                if (!dbSetNames.ContainsKey(pair.Key) && candidateSet.Add(pair.Key))
                {
                    candidates.Add(pair.Key);
                }

                if (!contextOf.ContainsKey(pair.Key) && types.TryGetValue(pair.Value, out var configuringContext))
                {
                    contextOf.Add(pair.Key, configuringContext);
                }
            }

            var entities = new Dictionary<string, EntityMapping>(StringComparer.Ordinal);
            foreach (var entity in dbSetNames.Keys)
            {
                candidates.Add(entity);
            }

            // The contexts whose migrations' model snapshot states their model, matched by the context its [DbContext] names.
            var snapshots = MatchMigrations(migrations, contexts, out var snapshotNotes);

            // What the contexts' models hold, as EF Core discovers it: DbSets, configured types, what navigations reach, and
            // what the model snapshots list. Unknown while a context without a snapshot configures its model in code the
            // analyzers cannot follow.
            var outside = new Dictionary<string, string>(StringComparer.Ordinal);
            HashSet<string>? inModel = null;
            bool membershipKnown = contexts.Count > 0;
            foreach (var pair in contextWide)
            {
                membershipKnown &= snapshots.ContainsKey(pair.Key) || !fluent.MembershipUnknown.Contains(pair.Key);
            }

            if (membershipKnown)
            {
                var roots = new List<string>(dbSetNames.Keys);
                roots.AddRange(fluent.ContextOf.Keys);
                roots.AddRange(identityTables.Keys);
                foreach (var matched in snapshots.Values)
                {
                    foreach (var entity in matched.Model.Entities)
                    {
                        roots.Add("global::" + entity.Name.Replace('+', '.'));
                    }
                }

                inModel = Reachable(roots, fluent, cancellationToken);
                foreach (var pair in looksLikeEntity)
                {
                    if (!inModel.Contains(pair.Key) && !fluent.NotEntities.Contains(pair.Key) && !IsOwnedOrComplex(types[pair.Key]))
                    {
                        outside.Add(pair.Key, pair.Value);
                    }
                }
            }

            foreach (var key in candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (entities.ContainsKey(key) || !types.TryGetValue(key, out var entity) || IsOwnedOrComplex(entity) || fluent.NotEntities.Contains(key) || outside.ContainsKey(key)
                    || (tableOnly.Contains(key) && !dbSetNames.ContainsKey(key) && !fluent.ContextOf.ContainsKey(key) && inModel?.Contains(key) != true))
                {
                    continue;
                }

                dbSetNames.TryGetValue(key, out var names);
                contextOf.TryGetValue(key, out var context);
                fluent.Entities.TryGetValue(key, out var entityFluent);
                string? notAnalyzed = entityFluent?.NotAnalyzed
                    ?? (context != null && contextWide.TryGetValue(context.Key, out var wide) ? wide : null)
                    ?? AlsoInUnreadable(key, context, contexts, members, contextWide);
                string? contextSchema = context != null && fluent.DefaultSchemas.TryGetValue(context.Key, out var s) ? s : null;
                var detected = ConventionOf(context, namingCalls, out string? conventionProblem);
                identityTables.TryGetValue(key, out var identityTable);
                var mapping = MapKept(entity, names, identityTable, detected, conventionProblem, entityFluent, fluent.OwnedTypes, contextSchema, ref notAnalyzed);
                entities.Add(key, new EntityMapping(entity, context, mapping.Schema, mapping.Table, mapping.Properties, notAnalyzed, entityFluent?.Table != null || identityTable != null, entityFluent?.Table != null && entityFluent.ToView)
                {
                    Convention = mapping.Convention,
                    ExcludedFromMigrations = entityFluent?.ExcludedFromMigrations == true,
                    Keyless = entityFluent?.Keyless == true || entity.Attribute(Facts.KeylessAttribute) != null,
                });
            }

            // Inheritance, as EF Core maps it:
            // - TPH (the default): a derived entity maps the root's table with the properties it declares, whose columns are
            //   nullable whatever the CLR type (other types' rows have none); a shadow discriminator column exists;
            // - TPT ([Table]/ToTable on a derived type, or UseTptMappingStrategy): its own table, with what it declares and the key;
            // - TPC (UseTpcMappingStrategy): each concrete type's own table with all its properties; an abstract root has none.
            foreach (var mapping in new List<EntityMapping>(entities.Values))
            {
                TypeFacts? root = null;
                for (var baseType = mapping.Type.BaseType; baseType != null; baseType = baseType.BaseType)
                {
                    if (entities.ContainsKey(baseType.Key))
                    {
                        root = baseType;
                    }
                }

                if (root == null)
                {
                    continue;
                }

                var rootMapping = entities[root.Key];
                fluent.Entities.TryGetValue(root.Key, out var rootFluent);
                fluent.Entities.TryGetValue(mapping.TypeKey, out var derivedFluent);
                bool ownTable = derivedFluent?.Table != null || mapping.Type.Attribute(Facts.TableAttribute) != null;
                string strategy = rootFluent?.MappingStrategy ?? (ownTable ? "TPT" : "TPH");
                string? reason = rootMapping.NotAnalyzedReason != null ? "derives from " + root.Name + ", which is not analyzed" : mapping.NotAnalyzedReason;
                var properties = ImmutableArray.CreateBuilder<PropertyMapping>();
                var key = PrimaryKey(rootMapping, fluent);
                foreach (var property in mapping.Properties)
                {
                    bool inherited = IsDeclaredIn(property.Property.ContainingKey, root);
                    if (strategy == "TPC" || !inherited)
                    {
                        properties.Add(strategy == "TPH" ? property.WithRequiredUnknown() : property);
                    }
                    else if (strategy == "TPT" && IsKeyNamed(key, property.Name))
                    {
                        properties.Add(property);
                    }
                }

                bool sharedTable = strategy == "TPH";
                entities[mapping.TypeKey] = new EntityMapping(
                    mapping.Type,
                    mapping.Context ?? rootMapping.Context,
                    sharedTable ? rootMapping.Schema : mapping.Schema,
                    sharedTable ? rootMapping.Table : mapping.Table,
                    properties.ToImmutable(),
                    reason,
                    sharedTable ? rootMapping.TableFromFluent : mapping.TableFromFluent,
                    sharedTable ? rootMapping.IsView : mapping.IsView,
                    root.Key)
                {
                    Convention = mapping.Convention,
                };
                if (entities[root.Key].HierarchyRoot == null)
                {
                    entities[root.Key] = new EntityMapping(rootMapping.Type, rootMapping.Context, rootMapping.Schema, rootMapping.Table, rootMapping.Properties, rootMapping.NotAnalyzedReason, rootMapping.TableFromFluent, rootMapping.IsView, root.Key)
                    {
                        Convention = rootMapping.Convention,
                        HasNoTable = strategy == "TPC" && root.IsAbstract,
                    };
                }
            }

            // Where a context has migrations, its model snapshot is the map: EF Core's own resolution of its entities.
            var snapshotRelationships = new List<Relationship>();
            var snapshotOwnedTables = new List<EntityMapping>();
            var readFromCode = new Dictionary<string, EntityMapping>(entities, StringComparer.Ordinal);
            var snapshotMappings = ApplyMigrations(snapshots, entities, readFromCode, dbSetNames, snapshotRelationships, snapshotOwnedTables, cancellationToken);

            // What the code changed since each context's last migration (DRIFT014): the static reading against the snapshot.
            var enums = EnumMappings(compilation, stamp, cancellationToken);
            var pendingChanges = new List<PendingModelChange>();
            foreach (var pair in snapshotMappings)
            {
                new SnapshotComparison(this, snapshots[pair.Key], pair.Value, readFromCode, fluent, members, dbSetNames, contextWide, enums).Compare(pendingChanges, cancellationToken);
            }

            var contextModels = new Dictionary<string, ContextModel>(StringComparer.Ordinal);
            foreach (var context in contexts)
            {
                contextModels.Add(context.Key, ContextModelOf(context, entities, members[context.Key], contextWide, snapshots, snapshotNotes, namingCalls));
            }

            foreach (var entity in entities.Values)
            {
                if (entity.FromMigrations == null)
                {
                    entity.KeyProperties = PrimaryKey(entity, fluent);
                    entity.Key = entity.KeyProperties.Length == 1 ? entity.KeyProperties[0] : null;
                }
            }

            var relationships = Relationships(entities, fluent);
            var navigationsWithForeignKey = new HashSet<(string, string)>();
            foreach (var relationship in relationships)
            {
                if (relationship.Navigation != null)
                {
                    navigationsWithForeignKey.Add((relationship.Dependent.TypeKey, relationship.Navigation));
                }
            }

            foreach (var entity in entities.Values)
            {
                if (entity.FromMigrations == null)
                {
                    entity.FullyMapped = IsFullyMapped(entity, entities, navigationsWithForeignKey, fluent);
                    entity.ReadOnly = !entity.Type.HasSettableProperty() || entity.IsView || entity.ExcludedFromMigrations || entity.Keyless;
                }
            }

            relationships.AddRange(snapshotRelationships);
            var ownedCollections = OwnedCollections(entities, fluent);
            ownedCollections.AddRange(snapshotOwnedTables);
            return new EntityModel(entities, contextModels, outside, relationships, enums, ownedCollections, source, pendingChanges)
            {
                Migrations = ContextMigrationsOf(contexts, snapshots, cancellationToken),
            };
            }

        /// <summary>
        /// The maximum length or precision the code declares, where EF Core reads it: fluent configuration, then a typmod in
        /// the declared column type, then [MaxLength], [StringLength] or [Precision].
        /// </summary>
        private static DeclaredFacet? Facet(PropertyFacts property, PropertyFluent? fluent, string? storeType)
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

            if ((property.Attribute(Facts.MaxLengthAttribute) ?? property.Attribute(Facts.StringLengthAttribute)) is { } lengthAttribute
                && lengthAttribute.Arguments.Length >= 1 && lengthAttribute.Arguments[0] is int length && length > 0)
            {
                return new DeclaredFacet(true, length, null, "[" + lengthAttribute.Name.Replace("Attribute", string.Empty) + "]", fixable: true);
            }

            if (property.Attribute(Facts.PrecisionAttribute) is { } precisionAttribute
                && precisionAttribute.Arguments.Length >= 1 && precisionAttribute.Arguments[0] is int precision)
            {
                int? scale = precisionAttribute.Arguments.Length > 1 ? precisionAttribute.Arguments[1] as int? : null;
                return new DeclaredFacet(false, precision, scale, "[Precision]", fixable: true);
            }

            return null;
        }

        /// <summary>
        /// The relationships the code declares, found as EF Core finds them: the fluent API's HasForeignKey; [ForeignKey]; a
        /// reference navigation and an FK property named &lt;navigation&gt;&lt;key&gt;, &lt;principal&gt;&lt;key&gt;,
        /// &lt;navigation&gt;Id or &lt;principal&gt;Id; or a collection navigation on the principal with such a property
        /// on the dependent. Relationships to a key other than the primary key (HasPrincipalKey) are left out.
        /// </summary>
        private List<Relationship> Relationships(Dictionary<string, EntityMapping> entities, FluentConfiguration fluent)
        {
            var result = new List<Relationship>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            void Add(EntityMapping dependent, PropertyMapping? foreignKey, EntityMapping principal, string? navigation)
            {
                if (foreignKey != null && principal.Key is { } key && seen.Add(dependent.TypeKey + "." + foreignKey.Name))
                {
                    result.Add(new Relationship(dependent, foreignKey, principal, key, navigation));
                }
            }

            foreach (var dependent in entities.Values)
            {
                // A model snapshot states its relationships itself.
                if (dependent.NotAnalyzedReason != null || dependent.FromMigrations != null)
                {
                    continue;
                }

                if (fluent.Entities.TryGetValue(dependent.TypeKey, out var dependentFluent))
                {
                    foreach (var (principalType, property, customKey) in dependentFluent.ForeignKeys)
                    {
                        if (!customKey && entities.TryGetValue(principalType, out var principal))
                        {
                            Add(dependent, Find(dependent, property), principal, null);
                        }
                        else
                        {
                            seen.Add(dependent.TypeKey + "." + property);
                        }
                    }
                }

                foreach (var member in AllProperties(dependent.Type))
                {
                    if (member.Type.IsArray || member.Type.Key.Length == 0 || !entities.TryGetValue(member.Type.Key, out var principal) || principal.NotAnalyzedReason != null)
                    {
                        continue;
                    }

                    var explicitKey = member.Attribute(Facts.ForeignKeyAttribute) is { Arguments.Length: > 0 } foreignKeyAttribute ? foreignKeyAttribute.Arguments[0] as string : null;
                    PropertyMapping? foreignKey = explicitKey != null ? Find(dependent, explicitKey) : null;
                    if (foreignKey == null)
                    {
                        foreach (var candidate in dependent.Properties)
                        {
                            if (candidate.Property.Attribute(Facts.ForeignKeyAttribute) is { Arguments.Length: > 0 } candidateAttribute && candidateAttribute.Arguments[0] as string == member.Name)
                            {
                                foreignKey = candidate;
                            }
                        }
                    }

                    if (foreignKey == null && principal.Key is { } key)
                    {
                        foreignKey = Find(dependent, member.Name + key.Name) ?? Find(dependent, principal.Name + key.Name) ?? Find(dependent, member.Name + "Id") ?? Find(dependent, principal.Name + "Id");

                        // No FK property: EF Core creates a shadow one, <navigation><key>, of the key's type (nullable). Not
                        // when the principal navigates back with a reference (one-to-one): the FK may be on either side
                        // ([Key, ForeignKey] on the other's key), and EF Core needs configuration to tell.
                        if (foreignKey == null && explicitKey == null && !key.Converted && member.HasSetter && !HasReferenceTo(principal.Type, dependent.TypeKey))
                        {
                            string shadow = member.Name + key.Name;
                            foreignKey = new PropertyMapping(member, Rewrite(dependent.Convention, shadow), key.ClrType, null, index.Here(member.Location, dependent.Location), converted: true, required: null, displayName: shadow + " (shadow foreign key)")
                            {
                                TypeDisplay = key.Property.Type.Display,
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
                if (principal.NotAnalyzedReason != null || principal.Key is not { } key)
                {
                    continue;
                }

                foreach (var member in AllProperties(principal.Type))
                {
                    if (member.Type.IsGenericType && member.Type.TypeArguments.Length == 1 && member.Type.TypeArguments[0].Key is { Length: > 0 } element
                        && entities.TryGetValue(element, out var dependent) && dependent.NotAnalyzedReason == null && dependent.FromMigrations == null)
                    {
                        Add(dependent, Find(dependent, principal.Name + key.Name) ?? Find(dependent, principal.Name + "Id"), principal, null);
                    }
                }
            }

            return result;
        }

        /// <summary>Whether <paramref name="type"/> (or a base type) has a reference navigation to the entity <paramref name="target"/>.</summary>
        private static bool HasReferenceTo(TypeFacts type, string target)
        {
            foreach (var member in AllProperties(type))
            {
                if (!member.Type.IsArray && member.Type.Key == target)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="declaring"/> is <paramref name="root"/> or one of its base types.</summary>
        private static bool IsDeclaredIn(string declaring, TypeFacts root)
        {
            for (var type = root; type != null; type = type.BaseType)
            {
                if (type.Key == declaring)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsFullyMapped(EntityMapping entity, Dictionary<string, EntityMapping> entities, HashSet<(string, string)> navigationsWithForeignKey, FluentConfiguration fluent)
        {
            // A hierarchy has a shadow discriminator column.
            if (entity.NotAnalyzedReason != null || entity.IsView || entity.HierarchyRoot != null || (fluent.Entities.TryGetValue(entity.TypeKey, out var entityFluent) && entityFluent.HasShadowProperties))
            {
                return false;
            }

            foreach (var member in AllProperties(entity.Type))
            {
                if (!member.HasGetter || member.Attribute(Facts.NotMappedAttribute) != null || (entityFluent != null && entityFluent.Ignored.Contains(member.Name)))
                {
                    continue;
                }

                if (IsMapped(entity, member.Name) || !member.HasSetter && !member.Type.IsGenericType)
                {
                    continue;
                }

                if (member.Type.IsGenericType && member.Type.TypeArguments.Length == 1 && member.Type.TypeArguments[0].Key is { Length: > 0 } element && entities.ContainsKey(element))
                {
                    continue;
                }

                if (!(!member.Type.IsArray && member.Type.Key.Length > 0 && entities.ContainsKey(member.Type.Key) && navigationsWithForeignKey.Contains((entity.TypeKey, member.Name))))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsMapped(EntityMapping entity, string name)
        {
            foreach (var property in entity.Properties)
            {
                if (property.Name == name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The entity's primary key, composite ones included: fluent HasKey, [PrimaryKey], [Key], Id, &lt;Type&gt;Id; empty when
        /// unknown or when a key property is not a mapped column.
        /// </summary>
        private static ImmutableArray<PropertyMapping> PrimaryKey(EntityMapping entity, FluentConfiguration fluent)
        {
            if (fluent.Entities.TryGetValue(entity.TypeKey, out var entityFluent) && entityFluent.KeyConfigured)
            {
                return Properties(entity, entityFluent.Key);
            }

            if (entity.Type.Attribute(Facts.PrimaryKeyAttribute) is { } primaryKey)
            {
                var names = new List<string>();
                if (primaryKey.Arguments.Length >= 1 && primaryKey.Arguments[0] is string first)
                {
                    names.Add(first);
                    if (primaryKey.Arguments.Length == 2 && primaryKey.Arguments[1] is object?[] rest)
                    {
                        foreach (var name in rest)
                        {
                            if (name is string other)
                            {
                                names.Add(other);
                            }
                        }
                    }
                }

                return Properties(entity, names);
            }

            var keyed = ImmutableArray.CreateBuilder<PropertyMapping>();
            foreach (var property in entity.Properties)
            {
                if (property.Property.Attribute(Facts.KeyAttribute) != null)
                {
                    keyed.Add(property);
                }
            }

            if (keyed.Count > 0)
            {
                return keyed.ToImmutable();
            }

            return (Find(entity, "Id") ?? Find(entity, entity.Name + "Id")) is { } conventional ? ImmutableArray.Create(conventional) : ImmutableArray<PropertyMapping>.Empty;
        }

        private static ImmutableArray<PropertyMapping> Properties(EntityMapping entity, List<string>? names)
        {
            if (names == null || names.Count == 0)
            {
                return ImmutableArray<PropertyMapping>.Empty;
            }

            var result = ImmutableArray.CreateBuilder<PropertyMapping>(names.Count);
            foreach (var name in names)
            {
                if (Find(entity, name) is not { } property)
                {
                    return ImmutableArray<PropertyMapping>.Empty;
                }

                result.Add(property);
            }

            return result.MoveToImmutable();
        }

        private static PropertyMapping? Find(EntityMapping entity, string name) => entity.Find(name);

        private static bool IsKeyNamed(ImmutableArray<PropertyMapping> key, string name)
        {
            foreach (var property in key)
            {
                if (property.Name == name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The public instance properties of a type and of its base types (hidden ones included).</summary>
        private static PublicProperties AllProperties(TypeFacts type) => new PublicProperties(type);

        /// <summary><see cref="AllProperties"/> as a struct enumerable: it runs for every entity, and allocates nothing.</summary>
        private readonly struct PublicProperties
        {
            private readonly TypeFacts type;

            public PublicProperties(TypeFacts type)
            {
                this.type = type;
            }

            public Enumerator GetEnumerator() => new Enumerator(type);

            public struct Enumerator
            {
                private TypeFacts? type;
                private int index;

                public Enumerator(TypeFacts type)
                {
                    this.type = type;
                    index = -1;
                    Current = null!;
                }

                public PropertyFacts Current { get; private set; }

                public bool MoveNext()
                {
                    while (type != null)
                    {
                        var properties = type.Properties;
                        while (++index < properties.Length)
                        {
                            var property = properties[index];
                            if (!property.IsStatic && !property.IsIndexer && property.IsPublic)
                            {
                                Current = property;
                                return true;
                            }
                        }

                        type = type.BaseType;
                        index = -1;
                    }

                    return false;
                }
            }
        }

        /// <summary>Whether a type between <paramref name="derived"/> and <paramref name="declaring"/> (excluded) declares a property of that name, which hides the one <paramref name="declaring"/> declares.</summary>
        private static bool HiddenBelow(TypeFacts derived, TypeFacts declaring, string name)
        {
            for (var type = derived; type != null && type != declaring; type = type.BaseType)
            {
                foreach (var property in type.Properties)
                {
                    if (property.Name == name)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Classes that look like entities whether or not a model holds them: [Table], [Keyless], [PrimaryKey], [Index], the
        /// T of an IEntityTypeConfiguration&lt;T&gt;. With what makes each look so, for the message.
        /// </summary>
        private Dictionary<string, string> LooksLikeEntities(List<TypeFacts> ordered, List<TypeFacts> configurations)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var configuration in configurations)
            {
                foreach (var configured in configuration.ConfiguredEntities)
                {
                    if (types.ContainsKey(configured))
                    {
                        result[configured] = "it has a configuration class, " + configuration.Name;
                    }
                }
            }

            foreach (var type in ordered)
            {
                if (type.Kind == TypeKind.Class && !type.IsAbstract && !result.ContainsKey(type.Key))
                {
                    string? attribute = type.Attribute(Facts.TableAttribute) != null ? "[Table]"
                        : type.Attribute(Facts.KeylessAttribute) != null ? "[Keyless]"
                        : type.Attribute(Facts.PrimaryKeyAttribute) != null ? "[PrimaryKey]"
                        : type.Attribute(Facts.IndexAttribute) != null ? "[Index]"
                        : null;
                    if (attribute != null)
                    {
                        result.Add(type.Key, "it has " + attribute);
                    }
                }
            }

            return result;
        }

        /// <summary>The types <paramref name="roots"/> reach through navigation properties, roots included.</summary>
        private HashSet<string> Reachable(IEnumerable<string> roots, FluentConfiguration fluent, CancellationToken cancellationToken)
        {
            var reached = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>();
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
                if (!types.TryGetValue(queue.Dequeue(), out var start))
                {
                    continue;
                }

                for (var type = start; type != null; type = type.BaseType)
                {
                    foreach (var property in type.Properties)
                    {
                        if (!property.IsStatic && !property.IsIndexer && NavigationTarget(property.Type) is { } target
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
        private string? NavigationTarget(TypeRef type)
        {
            if (type.IsArray)
            {
                type = type.TypeArguments[0];
            }
            else if (type.IsGenericType && type.TypeArguments.Length == 1 && type.IsEnumerable)
            {
                type = type.TypeArguments[0];
            }

            return type.Key.Length > 0 && type.SpecialType == SpecialType.None && !type.IsFramework && Facts.KindOf(type, source) == TypeKind.Class
                && !Facts.Classify(type, source).IsKnown
                ? type.Key
                : null;
        }

        private static bool IsOwnedOrComplex(TypeFacts type)
            => type.Attribute(Facts.OwnedAttribute) != null || type.Attribute(Facts.ComplexTypeAttribute) != null;

        internal readonly struct TableAndProperties
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

        /// <summary>
        /// <see cref="Map"/>, reusing the mapping computed for the same facts in an earlier compilation when nothing it
        /// was computed from changed: the entity's facts, its DbSet names, fluent configuration, naming convention,
        /// options, and every other source type it consulted (owned types, enums).
        /// </summary>
        private TableAndProperties MapKept(
            TypeFacts entity,
            SortedSet<string>? dbSetNames,
            string? identityTable,
            NamingConvention? detected,
            string? conventionProblem,
            EntityFluent? fluent,
            HashSet<string> ownedTypes,
            string? contextSchema,
            ref string? notAnalyzed)
        {
            var tree = index.Tree(entity.Location.File);
            var config = tree != null ? options.GetOptions(tree) : options.GlobalOptions;
            string? namingOption = config.TryGetValue(AnalyzerOptionKeys.NamingConvention, out var naming) ? naming : null;
            string? schemaOption = config.TryGetValue(AnalyzerOptionKeys.DefaultSchema, out var schema) ? schema : null;
            string signature = string.Join("\u0001", dbSetNames != null ? string.Join(",", dbSetNames) : "-", identityTable ?? "-", detected?.ToString() ?? "-", conventionProblem ?? "-", contextSchema ?? "-", namingOption ?? "-", schemaOption ?? "-", notAnalyzed ?? "-");
            if (Volatile.Read(ref entity.Mapped) is MappingKept kept && kept.Signature == signature && ReferenceEquals(kept.Fluent, fluent) && ReferenceEquals(kept.OwnedTypes, ownedTypes) && kept.Holds(types))
            {
                notAnalyzed = kept.NotAnalyzed;
                return kept.Mapping;
            }

            consulted = new List<KeyValuePair<string, TypeFacts?>>();
            var mapping = Map(entity, namingOption, schemaOption, dbSetNames, identityTable, detected, conventionProblem, fluent, ownedTypes, contextSchema, ref notAnalyzed);
            Volatile.Write(ref entity.Mapped, new MappingKept(signature, fluent, ownedTypes, consulted, mapping, notAnalyzed));
            consulted = null;
            return mapping;
        }

        private sealed class MappingKept
        {
            private readonly List<KeyValuePair<string, TypeFacts?>> consulted;

            public MappingKept(string signature, EntityFluent? fluent, HashSet<string> ownedTypes, List<KeyValuePair<string, TypeFacts?>> consulted, TableAndProperties mapping, string? notAnalyzed)
            {
                Signature = signature;
                Fluent = fluent;
                OwnedTypes = ownedTypes;
                this.consulted = consulted;
                Mapping = mapping;
                NotAnalyzed = notAnalyzed;
            }

            public string Signature { get; }

            public EntityFluent? Fluent { get; }

            public HashSet<string> OwnedTypes { get; }

            public TableAndProperties Mapping { get; }

            public string? NotAnalyzed { get; }

            public bool Holds(Dictionary<string, TypeFacts> types)
            {
                foreach (var pair in consulted)
                {
                    if (!ReferenceEquals(types.TryGetValue(pair.Key, out var now) ? now : null, pair.Value))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>The entity's table and mapped properties; the two options are the entity file's (null when not set).</summary>
        private TableAndProperties Map(
            TypeFacts entity,
            string? namingOption,
            string? schemaOption,
            SortedSet<string>? dbSetNames,
            string? identityTable,
            NamingConvention? detected,
            string? conventionProblem,
            EntityFluent? fluent,
            HashSet<string> ownedTypes,
            string? contextSchema,
            ref string? notAnalyzed)
        {
            var convention = NamingConvention.None;
            if (namingOption != null && NamingConventions.Parse(namingOption) is { } parsed)
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
                ?? (schemaOption != null && schemaOption.Trim().Length > 0 ? schemaOption.Trim() : "public");
            string schema = defaultSchema;
            string table;
            var tableAttribute = entity.Attribute(Facts.TableAttribute);
            if (fluent?.Table != null)
            {
                // Fluent configuration wins over annotations, and names it gives are not rewritten by naming conventions.
                table = fluent.Table;
                schema = fluent.Schema ?? defaultSchema;
            }
            else if (identityTable != null)
            {
                // ASP.NET Core Identity's OnModelCreating names it with ToTable, over any [Table]. Whether a naming convention
                // rewrites a name given with ToTable has changed between EFCore.NamingConventions versions: not guessed.
                table = identityTable;
                if (convention != NamingConvention.None)
                {
                    notAnalyzed ??= "ASP.NET Core Identity names its table " + identityTable + ", which the " + convention + " naming convention may or may not rewrite";
                }
            }
            else if (tableAttribute != null && tableAttribute.Arguments.Length == 1 && tableAttribute.Arguments[0] is string name)
            {
                table = name;
                if (tableAttribute.Named("Schema") is string explicitSchema)
                {
                    schema = explicitSchema;
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

                table = Rewrite(convention, dbSetNames != null && dbSetNames.Count > 0 ? dbSetNames.Min! : entity.Name);
            }

            return new TableAndProperties(schema, table, MapProperties(entity, convention, fluent, ownedTypes), convention);
        }

        /// <summary>
        /// The owned type a reference navigation leads to, when its mapping is the default one: [Owned], Owned&lt;T&gt;() or
        /// OwnsOne(e => e.Navigation) without a build action (a build action may rename or move what it owns).
        /// </summary>
        private TypeFacts? OwnedNavigation(PropertyFacts property, EntityFluent? fluent, HashSet<string> ownedTypes)
        {
            if (property.Type.IsArray || property.Type.SpecialType != SpecialType.None || Facts.KindOf(property.Type, source) != TypeKind.Class || Lookup(property.Type.Key) is not { } type)
            {
                return null;
            }

            if (fluent != null && fluent.OwnedNavigations.TryGetValue(property.Name, out bool configured))
            {
                return configured ? null : type;
            }

            return type.Attribute(Facts.OwnedAttribute) != null || ownedTypes.Contains(type.Key) ? type : null;
        }

        /// <summary>
        /// Owned collections ([Owned] element type, Owned&lt;T&gt;(), or OwnsMany without a build action), as EF Core maps
        /// them: a table named after the owned type (rewritten by the owner's naming convention) in the owner's schema, the
        /// owned type's properties with their own names, plus a shadow owner foreign key and key (so never "fully mapped").
        /// </summary>
        private List<EntityMapping> OwnedCollections(Dictionary<string, EntityMapping> entities, FluentConfiguration fluent)
        {
            var result = new List<EntityMapping>();
            foreach (var owner in entities.Values)
            {
                if (owner.NotAnalyzedReason != null || owner.FromMigrations != null)
                {
                    continue;
                }

                fluent.Entities.TryGetValue(owner.TypeKey, out var ownerFluent);
                foreach (var member in AllProperties(owner.Type))
                {
                    if (!member.Type.IsGenericType || member.Type.TypeArguments.Length != 1 || !member.Type.IsEnumerable
                        || !types.TryGetValue(member.Type.TypeArguments[0].Key, out var owned) || owned.Kind != TypeKind.Class || entities.ContainsKey(owned.Key))
                    {
                        continue;
                    }

                    bool configured = false;
                    bool ownedByFluent = ownerFluent != null && ownerFluent.OwnedNavigations.TryGetValue(member.Name, out configured);
                    if (configured || !(ownedByFluent || owned.Attribute(Facts.OwnedAttribute) != null || fluent.OwnedTypes.Contains(owned.Key)))
                    {
                        continue;
                    }

                    var properties = ImmutableArray.CreateBuilder<PropertyMapping>();
                    foreach (var property in MapProperties(owned, owner.Convention, null, fluent.OwnedTypes))
                    {
                        properties.Add(property);
                    }

                    result.Add(new EntityMapping(owned, owner.Context, owner.Schema, Rewrite(owner.Convention, owned.Name), properties.ToImmutable(), null)
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
        private void MapOwned(PropertyFacts navigation, TypeFacts owned, NamingConvention convention, FileSpan entityLocation, ImmutableArray<PropertyMapping>.Builder result)
        {
            for (var type = owned; type != null; type = type.BaseType)
            {
                foreach (var property in type.Properties)
                {
                    if ((type != owned && HiddenBelow(owned, type, property.Name)) || property.IsStatic || property.IsIndexer
                        || !property.IsPublic || !property.HasGetter || !property.HasSetter
                        || property.Attribute(Facts.NotMappedAttribute) != null)
                    {
                        continue;
                    }

                    var clrType = Facts.Classify(property.Type, source);
                    if (!clrType.IsKnown)
                    {
                        continue;
                    }

                    string? explicitName = property.Attribute(Facts.ColumnAttribute) is { Arguments.Length: 1 } column ? column.Arguments[0] as string : null;
                    result.Add(new PropertyMapping(
                        property,
                        explicitName ?? Rewrite(convention, navigation.Name + "_" + property.Name),
                        clrType,
                        null,
                        index.Here(property.Location, entityLocation),
                        required: null,
                        displayName: navigation.Name + "." + property.Name));
                }
            }
        }

        private ImmutableArray<PropertyMapping> MapProperties(TypeFacts entity, NamingConvention convention, EntityFluent? fluent, HashSet<string> ownedTypes)
        {
            var result = ImmutableArray.CreateBuilder<PropertyMapping>();
            var entityLocation = entity.Location;
            for (var type = entity; type != null; type = type.BaseType)
            {
                foreach (var property in type.Properties)
                {
                    if (type != entity && HiddenBelow(entity, type, property.Name))
                    {
                        continue;
                    }

                    // EF Core maps public instance read-write properties by convention.
                    if (property.IsStatic || property.IsIndexer || !property.IsPublic
                        || !property.HasGetter || !property.HasSetter || property.IsExplicit
                        || property.Attribute(Facts.NotMappedAttribute) != null
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

                    if (OwnedNavigation(property, fluent, ownedTypes) is { } ownedType)
                    {
                        MapOwned(property, ownedType, convention, entityLocation, result);
                        continue;
                    }

                    if (MapColumn(property, convention, propertyFluent, entityLocation) is { } mapping)
                    {
                        result.Add(mapping);
                    }
                }
            }

            return result.ToImmutable();
        }

        /// <summary>
        /// A mapped property's column, as EF Core names, types and requires it: the fluent API, then [Column] and [Required],
        /// then conventions; null for what is no column the analyzers can judge (a navigation, an owned or complex type, a
        /// provider-specific type).
        /// </summary>
        private PropertyMapping? MapColumn(PropertyFacts property, NamingConvention convention, PropertyFluent? propertyFluent, FileSpan entityLocation)
        {
            var columnAttribute = property.Attribute(Facts.ColumnAttribute);
            string? columnName = null;
            string? storeType = null;
            if (columnAttribute != null)
            {
                if (columnAttribute.Arguments.Length == 1 && columnAttribute.Arguments[0] is string explicitName)
                {
                    columnName = explicitName;
                }

                if (columnAttribute.Named("TypeName") is string typeName)
                {
                    storeType = typeName;
                }
            }

            storeType = propertyFluent?.ColumnType ?? storeType;
            var clrType = propertyFluent?.ProviderType ?? Facts.Classify(property.Type, source);
            if (!clrType.IsKnown && storeType == null)
            {
                return null;
            }

            // Requiredness as EF Core decides it: IsRequired, then [Required], then the type and its nullable annotation.
            bool? required;
            bool requiredByType = false;
            if (propertyFluent?.Required is bool fluentRequired)
            {
                required = fluentRequired;
            }
            else if (property.Attribute(Facts.RequiredAttribute) != null)
            {
                required = true;
            }
            else
            {
                requiredByType = true;
                required = Facts.IsValueType(property.Type, source)
                    ? property.Type.NullableOf == null
                    : property.NullableAnnotation switch
                    {
                        NullableAnnotation.Annotated => false,
                        NullableAnnotation.NotAnnotated => true,
                        _ => null,
                    };
            }

            return new PropertyMapping(property, propertyFluent?.Column ?? columnName ?? Rewrite(convention, property.Name), clrType, storeType, index.Here(property.Location, entityLocation), propertyFluent?.ProviderType != null, required, requiredByType)
            {
                Facet = Facet(property, propertyFluent, storeType),
            };
        }
        }

        private static readonly FileCache<EnumMappingsInTree> EnumMappingsByFile = new FileCache<EnumMappingsInTree>();

        /// <summary>
        /// MapEnum&lt;T&gt;(...) (Npgsql's data source or EF Core options) and HasPostgresEnum&lt;T&gt;(...) calls, wherever
        /// they are; only the files that mention them are bound, once per file content and content of the files whose
        /// constants their arguments read.
        /// </summary>
        private static Dictionary<string, EnumMapping> EnumMappings(Compilation compilation, CompilationStamp stamp, CancellationToken cancellationToken)
        {
            var result = new Dictionary<string, EnumMapping>(StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                var kept = EnumMappingsByFile.Get(
                    SourceId.Of(tree),
                    (compilation, tree, stamp, cancellationToken),
                    (k, s) => k.HoldsIn(SourceIndex.Of(s.compilation), s.tree, s.stamp, s.cancellationToken),
                    s => EnumMappingsIn(s.compilation, s.tree, s.stamp, s.cancellationToken));
                foreach (var pair in kept.Mappings)
                {
                    result[pair.Key] = pair.Value;
                }
            }

            return result;
        }

        private static EnumMappingsInTree EnumMappingsIn(Compilation compilation, SyntaxTree tree, CompilationStamp stamp, CancellationToken cancellationToken)
        {
            var result = new List<KeyValuePair<string, EnumMapping>>();
            string text = tree.GetText(cancellationToken).ToString();
            if (text.IndexOf("MapEnum<", StringComparison.Ordinal) < 0 && text.IndexOf("HasPostgresEnum<", StringComparison.Ordinal) < 0)
            {
                // Nothing to bind: holds whatever the rest of the compilation is.
                return new EnumMappingsInTree(SourceId.Of(tree), null, result, SourceFiles.None);
            }

            var semanticModel = SemanticModels.For(compilation, tree);
            var constants = new HashSet<SyntaxTree>();
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax invocation || Facts.InvokedName(invocation) is not ("MapEnum" or "HasPostgresEnum")
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
                    constants.UnionWith(Facts.ConstantFiles(argument.Expression, semanticModel, cancellationToken));

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

                result.Add(new KeyValuePair<string, EnumMapping>(Facts.Key(enumType), new EnumMapping(name, schema, customTranslator)));
            }

            constants.Remove(tree);
            return new EnumMappingsInTree(SourceId.Of(tree), stamp, result, new SourceFiles(constants));
        }

        /// <summary>
        /// The enum mappings one file declares, the stamp they were bound under (null: nothing bound), and the other files
        /// whose constants the arguments read.
        /// </summary>
        private sealed class EnumMappingsInTree : IReadFromFile
        {
            private readonly SourceFiles constants;
            private CompilationStamp? stamp;

            public EnumMappingsInTree(SourceId source, CompilationStamp? stamp, List<KeyValuePair<string, EnumMapping>> mappings, SourceFiles constants)
            {
                Source = source;
                this.stamp = stamp;
                Mappings = mappings;
                this.constants = constants;
            }

            /// <summary>Whether the mappings still hold: nothing was bound, or the files it read are part of the compilation and bind the same (the stamp is then taken).</summary>
            public bool HoldsIn(SourceIndex index, SyntaxTree tree, CompilationStamp current, CancellationToken cancellationToken)
            {
                return stamp == null || (constants.AllIn(index) && current.Adopts(ref stamp!, index, tree, constants, bindsCalls: true, cancellationToken));
            }

            public SourceId Source { get; }

            public List<KeyValuePair<string, EnumMapping>> Mappings { get; }
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
        /// The <c>Use...NamingConvention()</c> calls of EFCore.NamingConventions in the compilation (when it references that
        /// package), each attributed to a DbContext where the code says which: inside the context's own class, or inside
        /// <c>AddDbContext&lt;T&gt;</c> and its siblings. Found once per file content.
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
                        calls.AddRange(NamingCallsByFile.Get(SourceId.Of(tree), (tree, cancellationToken), (_, _) => true, s => NamingCallsIn(s.tree, s.cancellationToken)).Calls);
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
        private static NamingConvention? ConventionOf(TypeFacts? context, List<NamingCall> calls, out string? problem)
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
            foreach (var convention in AllConventions)
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

        private static readonly NamingConvention[] AllConventions = (NamingConvention[])Enum.GetValues(typeof(NamingConvention));

        private static readonly HashSet<string> AddContextMethods = new HashSet<string>(StringComparer.Ordinal)
        {
            "AddDbContext", "AddDbContextPool", "AddDbContextFactory", "AddPooledDbContextFactory",
        };

        private static NamingCallsInFile NamingCallsIn(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var calls = new NamingCallsInFile(SourceId.Of(tree));
            var text = tree.GetText(cancellationToken).ToString();
            if (text.IndexOf("NamingConvention", StringComparison.Ordinal) < 0)
            {
                return calls;
            }

            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax invocation || Facts.InvokedName(invocation) is not { } name || NamingConventions.FromMethodName(name) is not { } convention)
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

                calls.Calls.Add(new NamingCall(1 << (int)convention, context));
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

        /// <summary>The naming calls in one file: read from its syntax alone, so they hold while its content is the same.</summary>
        private sealed class NamingCallsInFile : IReadFromFile
        {
            public NamingCallsInFile(SourceId source) => Source = source;

            public SourceId Source { get; }

            public List<NamingCall> Calls { get; } = new List<NamingCall>();
        }

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
