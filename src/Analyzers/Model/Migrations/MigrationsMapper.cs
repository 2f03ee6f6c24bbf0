using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;

namespace DriftAnalyzers.Model.Migrations
{
    /// <summary>
    /// Turns a context's migrations model snapshot into the model the rules read: each entity type's table, columns,
    /// column types, nullability, keys and foreign keys exactly as EF Core resolved them, with each entity matched to
    /// its class by full CLR name and each property to the class's property by name. Types and nullability shown in
    /// messages, and what a code fix may change, come from the live code; where the code's type is not the one the
    /// snapshot stores (a value converter), the snapshot's is compared and no fix rewrites the declaration.
    /// </summary>
    internal sealed class MigrationsMapper
    {
        private readonly MigrationsModel model;
        private readonly TypeFacts context;
        private readonly Func<string, TypeFacts?> types;
        private readonly Dictionary<string, TypeFacts> genericTypes;
        private readonly SourceIndex index;
        private readonly Func<string, TypeFacts?> source;
        private readonly Dictionary<string, EntityMapping> readFromCode;
        private readonly Func<string, bool> checkedInItsProject;
        private readonly string defaultSchema;
        private readonly bool snapshotHere;
        private readonly Dictionary<string, Info> infos = new Dictionary<string, Info>(StringComparer.Ordinal);

        private MigrationsMapper(MigrationsModel model, TypeFacts context, Func<string, TypeFacts?> types, Dictionary<string, TypeFacts> genericTypes, SourceIndex index, Func<string, TypeFacts?> source, Dictionary<string, EntityMapping> readFromCode, string defaultSchema, Func<string, bool> checkedInItsProject)
        {
            this.checkedInItsProject = checkedInItsProject;
            this.model = model;
            this.context = context;
            this.types = types;
            this.genericTypes = genericTypes;
            this.index = index;
            this.source = source;
            this.readFromCode = readFromCode;
            this.defaultSchema = model.DefaultSchema ?? defaultSchema;
            snapshotHere = index.Contains(model.Location);
        }

        /// <summary>What a model snapshot maps, for <paramref name="context"/>.</summary>
        internal sealed class Result
        {
            public List<EntityMapping> Entities { get; } = new List<EntityMapping>();

            /// <summary>Owned types in tables of their own (OwnsMany, or OwnsOne with its own ToTable).</summary>
            public List<EntityMapping> OwnedTables { get; } = new List<EntityMapping>();

            public List<Relationship> Relationships { get; } = new List<Relationship>();
        }

        /// <param name="types">Source types and the metadata entities the contexts expose, by key.</param>
        /// <param name="genericTypes">The generic ones among them, by <see cref="ArityName"/>.</param>
        /// <param name="readFromCode">The mappings read from the code, for what only the code knows (the attribute a fix rewrites).</param>
        /// <param name="defaultSchema">The schema of a table that the snapshot names without one.</param>
        /// <param name="checkedInItsProject">Whether a class the facts do not hold (no DbSet exposes it) is declared in an assembly the package checks in its own build.</param>
        public static Result Map(MigrationsModel model, TypeFacts context, Func<string, TypeFacts?> types, Dictionary<string, TypeFacts> genericTypes, SourceIndex index, Func<string, TypeFacts?> source, Dictionary<string, EntityMapping> readFromCode, string defaultSchema, Func<string, bool> checkedInItsProject, CancellationToken cancellationToken)
        {
            var mapper = new MigrationsMapper(model, context, types, genericTypes, index, source, readFromCode, defaultSchema, checkedInItsProject);
            return mapper.Map(cancellationToken);
        }

        /// <summary><c>global::Ns.Claim&lt;TKey&gt;</c> and <c>Ns.Claim&lt;string&gt;</c> → <c>Ns.Claim`1</c>; null for a name without type arguments.</summary>
        public static string? ArityName(string name)
        {
            int open = name.IndexOf('<');
            if (open < 0)
            {
                return null;
            }

            int arity = 1, depth = 0;
            for (int i = open + 1; i < name.Length; i++)
            {
                switch (name[i])
                {
                    case '<':
                        depth++;
                        break;
                    case '>':
                        depth--;
                        break;
                    case ',' when depth == 0:
                        arity++;
                        break;
                }
            }

            string head = name.Substring(0, open);
            if (head.StartsWith("global::", StringComparison.Ordinal))
            {
                head = head.Substring(8);
            }

            return head.Replace('+', '.') + "`" + arity;
        }

        /// <summary>One entity type of the snapshot, matched with the code.</summary>
        private sealed class Info
        {
            public Info(SnapshotEntity entity, TypeFacts type, bool hasFacts)
            {
                Entity = entity;
                Type = type;
                HasFacts = hasFacts;
            }

            public SnapshotEntity Entity { get; }

            public TypeFacts Type { get; }

            /// <summary>Its class is known (source, or a referenced assembly's type a context exposes).</summary>
            public bool HasFacts { get; }

            public Info? Base { get; set; }

            public FileSpan Location { get; set; }

            public string? ReportingKey { get; set; }

            public EntityMapping? Mapping { get; set; }

            public Info Root => Base?.Root ?? this;

            public string Strategy => Root.Entity.MappingStrategy ?? (Base != null && Entity.Table != null ? "TPT" : "TPH");
        }

        private Result Map(CancellationToken cancellationToken)
        {
            var result = new Result();
            foreach (var entity in model.Entities)
            {
                var facts = Resolve(entity.Name);
                var info = new Info(entity, facts ?? Synthetic(entity), facts != null);
                bool hasSource = facts != null && index.Contains(facts.Location);
                if (hasSource)
                {
                    info.Location = facts!.Location;
                    info.ReportingKey = facts.Key;
                }
                else if (snapshotHere && facts?.CheckedInItsProject != true && !(facts == null && checkedInItsProject(entity.Name)))
                {
                    // No source here (ASP.NET Core Identity's types, a Domain project's entities): reported on the snapshot, unless
                    // the package checks the class's own project, where the finding lands on its declaration.
                    info.Location = entity.Location;
                    info.ReportingKey = model.SnapshotType;
                }

                infos[entity.Name] = info;
            }

            foreach (var info in infos.Values)
            {
                if (info.Entity.BaseType is { } baseName && infos.TryGetValue(baseName, out var baseInfo) && !ReferenceEquals(baseInfo, info))
                {
                    info.Base = baseInfo;
                    bases.Add(baseInfo);
                }
            }

            foreach (var entity in model.Entities)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var info = infos[entity.Name];
                if (HasCycle(info))
                {
                    continue;
                }

                var mapping = MapEntity(info, result);
                info.Mapping = mapping;
                result.Entities.Add(mapping);
            }

            CollectTableColumns(result);
            CollectUniqueColumns();
            foreach (var info in infos.Values)
            {
                if (info.Mapping != null)
                {
                    AddRelationships(info, result);
                }
            }

            return result;
        }

        private static bool HasCycle(Info info)
        {
            var seen = new HashSet<Info>();
            for (var current = info; current != null; current = current.Base)
            {
                if (!seen.Add(current))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The class a snapshot name means: the source type or exposed metadata type of that full name.</summary>
        private TypeFacts? Resolve(string name)
        {
            if (ArityName(name) is { } arityName)
            {
                return genericTypes.TryGetValue(arityName, out var generic) ? generic : null;
            }

            return types("global::" + name.Replace('+', '.'));
        }

        private static readonly char[] NameSeparators = { '.', '+' };

        private static TypeFacts Synthetic(SnapshotEntity entity)
        {
            string name = entity.Name;
            int open = name.IndexOf('<');
            int dot = (open < 0 ? name : name.Substring(0, open)).LastIndexOfAny(NameSeparators);
            return new TypeFacts
            {
                Key = "snapshot::" + name,
                Name = dot < 0 ? name : name.Substring(dot + 1),
                Kind = TypeKind.Class,
                Location = entity.Location,
            };
        }

        private EntityMapping MapEntity(Info info, Result result)
        {
            var entity = info.Entity;
            string? notAnalyzed = entity.Unreadable;
            string schema = defaultSchema;
            string table = string.Empty;
            bool isView = false, noTable = false;
            var root = info.Root;
            string strategy = info.Strategy;
            if (entity.View != null)
            {
                isView = true;
                table = entity.View;
                schema = entity.ViewSchema ?? defaultSchema;
            }
            else if (entity.Table != null && !entity.NoTable)
            {
                table = entity.Table;
                schema = entity.Schema ?? defaultSchema;
            }
            else if (entity.NoTable)
            {
                noTable = true;
            }
            else if (info.Base != null && strategy == "TPH" && root.Entity.Table != null)
            {
                table = root.Entity.Table;
                schema = root.Entity.Schema ?? defaultSchema;
                isView = root.Entity.View != null;
            }
            else
            {
                notAnalyzed ??= "the migrations' model snapshot (" + model.FileName + ") maps it to no table the analyzers can read";
            }

            var properties = ImmutableArray.CreateBuilder<PropertyMapping>();
            bool derivedInSharedTable = info.Base != null && strategy == "TPH";
            AddOwnProperties(info, info, properties, derivedInSharedTable);
            if (info.Base != null && strategy == "TPC")
            {
                for (var ancestor = info.Base; ancestor != null; ancestor = ancestor.Base)
                {
                    AddOwnProperties(ancestor, info, properties, requiredUnknown: false, inherited: true);
                }
            }
            else if (info.Base != null && strategy == "TPT")
            {
                foreach (var keyName in root.Entity.Key)
                {
                    if (root.Entity.Find(keyName) is { } keyProperty)
                    {
                        // The derived table's key references the root's: it generates nothing of its own.
                        var copied = MakeProperty(info, info.Type, keyProperty, keyProperty.Column ?? keyProperty.Name, required: true, info.Location, displayName: null);
                        copied.Generated = null;
                        properties.Add(copied);
                    }
                }
            }

            AddOwnedInTable(info, info.Type, entity, prefix: string.Empty, properties, result, derivedInSharedTable);

            var mapping = new EntityMapping(info.Type, context, schema, table, properties.ToImmutable(), notAnalyzed, tableFromFluent: true, isView, info.Base != null || HasDerived(info) ? root.Type.Key : null)
            {
                HasNoTable = noTable && !isView,
                ReportedAt = info.Location,
                ReportingKey = info.ReportingKey,
                FromMigrations = model,
                MigrationsName = entity.Name,
                ExcludedFromMigrations = entity.ExcludedFromMigrations || root.Entity.ExcludedFromMigrations,
            };
            // EF Core writes HasKey for every keyed entity type (on its hierarchy's root), and nothing for a keyless one.
            mapping.Keyless = root.Entity.Keyless || entity.Keyless || root.Entity.Key.IsEmpty;
            // A class without facts (no source, no DbSet) is not known to be read-only.
            mapping.ReadOnly = mapping.Keyless || isView || mapping.ExcludedFromMigrations || (info.HasFacts && !info.Type.HasSettableProperty());
            var key = KeyOf(mapping, root.Entity.Key);
            mapping.KeyProperties = key;
            mapping.Key = key.Length == 1 ? key[0] : null;
            mapping.Indexes = IndexesOf(info, mapping);
            var checks = ImmutableArray.CreateBuilder<CheckMapping>(entity.CheckConstraints.Count);
            foreach (var check in entity.CheckConstraints)
            {
                checks.Add(new CheckMapping(check.Name, check.Sql));
            }

            mapping.CheckConstraints = checks.MoveToImmutable();
            return mapping;
        }

        /// <summary>The entity's HasIndex calls by column; an index naming a property the reader cannot place is left out.</summary>
        private static ImmutableArray<IndexMapping> IndexesOf(Info info, EntityMapping mapping)
        {
            var indexes = ImmutableArray.CreateBuilder<IndexMapping>(info.Entity.Indexes.Count);
            foreach (var index in info.Entity.Indexes)
            {
                if (index.OnExpression || Columns(info, index.Properties) is not { } columns)
                {
                    continue;
                }

                ImmutableArray<string>? include = null;
                if (index.Include is { } includeProperties)
                {
                    if (Columns(info, includeProperties) is not { } includeColumns)
                    {
                        continue;
                    }

                    include = includeColumns;
                }

                // On the property of a one-column index where the entity's own declaration reports it (not a base class's file).
                var location = index.Properties.Length == 1 && mapping.Find(index.Properties[0]) is { } property && property.Property.ContainingKey == mapping.ReportingKey
                    ? property.Location
                    : mapping.Location;
                indexes.Add(new IndexMapping(columns, index.Properties, index.Unique, index.Filter, index.Method, include, index.Name, location));
            }

            return indexes.ToImmutable();
        }

        /// <summary>The columns of the entity's (or its ancestors') properties of those names, or null if one is not found.</summary>
        private static ImmutableArray<string>? Columns(Info info, ImmutableArray<string> properties)
        {
            var columns = ImmutableArray.CreateBuilder<string>(properties.Length);
            foreach (var name in properties)
            {
                SnapshotProperty? found = null;
                for (var current = info; current != null && found == null; current = current.Base)
                {
                    found = current.Entity.Find(name);
                }

                if (found == null || found.InOtherTable)
                {
                    return null;
                }

                columns.Add(found.Column ?? found.Name);
            }

            return columns.MoveToImmutable();
        }

        private bool HasDerived(Info info) => bases.Contains(info);

        private readonly HashSet<Info> bases = new HashSet<Info>();

        /// <summary>The mapped properties of those names, in order (an owned table's own ones before its owned types'); empty if one is missing.</summary>
        private static ImmutableArray<PropertyMapping> KeyOf(EntityMapping mapping, ImmutableArray<string> names)
        {
            var key = ImmutableArray.CreateBuilder<PropertyMapping>(names.Length);
            foreach (var name in names)
            {
                PropertyMapping? found = null;
                foreach (var property in mapping.Properties)
                {
                    if (property.Property.Name == name)
                    {
                        found = property;
                        break;
                    }
                }

                if (found == null)
                {
                    return ImmutableArray<PropertyMapping>.Empty;
                }

                key.Add(found);
            }

            return key.MoveToImmutable();
        }

        private void AddOwnProperties(Info declaring, Info target, ImmutableArray<PropertyMapping>.Builder properties, bool requiredUnknown, bool inherited = false)
        {
            foreach (var property in declaring.Entity.Properties)
            {
                if (property.InOtherTable)
                {
                    continue;
                }

                bool? required = Required(property, declaring.Entity.Key.Contains(property.Name));
                if (requiredUnknown && required == true)
                {
                    // A derived type's column in its hierarchy's shared table holds NULL for the other types' rows.
                    required = null;
                }

                var mapped = MakeProperty(target, declaring.Type, property, property.Column ?? property.Name, required, ShadowLocation(declaring, target, property), displayName: null);
                if (inherited)
                {
                    // A TPC table's copy of an ancestor's column: how its value is generated there is not compared.
                    mapped.Generated = null;
                }

                properties.Add(mapped);
            }
        }

        /// <summary>
        /// Owned types and complex properties stored in their owner's table: their columns, named
        /// <c>Navigation_Property</c> unless the snapshot names them; a JSON-mapped one is one column. Owned types in tables
        /// of their own become entities of <see cref="Result.OwnedTables"/>.
        /// </summary>
        private void AddOwnedInTable(Info owner, TypeFacts ownerType, SnapshotEntity container, string prefix, ImmutableArray<PropertyMapping>.Builder properties, Result result, bool requiredUnknown)
        {
            foreach (var owned in container.Owned)
            {
                string navigation = owned.Navigation ?? string.Empty;
                bool navigationRequired = container.RequiredNavigations.Contains(navigation) || owned.RequiredNavigations.Contains(navigation);
                if (owned.IsJson)
                {
                    string column = owned.JsonColumn ?? navigation;
                    var json = new PropertyMapping(Shadow(navigation, new TypeRef { Name = "json", Display = owned.Name, FullDisplay = owned.Name }, owner, container.Location), column, default, null, NavigationLocation(owner, ownerType, navigation), required: null, displayName: prefix + navigation)
                    {
                        MigrationsStoreType = "jsonb",
                    };
                    properties.Add(json);
                    continue;
                }

                var ownedType = Resolve(owned.Name) ?? NavigationType(ownerType, navigation) ?? Synthetic(owned);
                bool ownTable = owned.IsCollection || (owned.Table != null && !(owned.Table == container.Table || (container.Table == null && owned.Table == owner.Entity.Table)));
                if (!owned.IsComplex && ownTable)
                {
                    AddOwnedTable(owner, ownerType, owned, ownedType, result);
                    continue;
                }

                string ownedPrefix = prefix + navigation + "_";
                foreach (var property in owned.Properties)
                {
                    // The owned type's key in its owner's table is the owner's key column.
                    if (property.InOtherTable || (!owned.IsComplex && owned.Key.Contains(property.Name)))
                    {
                        continue;
                    }

                    bool? required = Required(property, isKey: false);
                    if ((!navigationRequired || requiredUnknown) && required == true)
                    {
                        // An optional owned value leaves all its columns NULL.
                        required = null;
                    }

                    var location = FindProperty(ownedType, property.Name) is { } declared ? index.Here(declared.Location, NavigationLocation(owner, ownerType, navigation)) : NavigationLocation(owner, ownerType, navigation);
                    properties.Add(MakeProperty(owner, ownedType, property, property.Column ?? ownedPrefix + property.Name, required, location, displayName: prefix + navigation + "." + property.Name));
                }

                AddOwnedInTable(owner, ownedType, owned, ownedPrefix, properties, result, requiredUnknown || !navigationRequired);
            }
        }

        /// <summary>
        /// The class a navigation leads to, for an owned or complex type the snapshot names by its place in the model
        /// (<c>App.Post.Address#Address</c>) rather than by its CLR name.
        /// </summary>
        private TypeFacts? NavigationType(TypeFacts ownerType, string navigation)
            => FindProperty(ownerType, navigation) is { } property && property.Type.Key.Length > 0 ? types(property.Type.Key) : null;

        private void AddOwnedTable(Info owner, TypeFacts ownerType, SnapshotEntity owned, TypeFacts ownedType, Result result)
        {
            if (owned.Table == null)
            {
                return;
            }

            var properties = ImmutableArray.CreateBuilder<PropertyMapping>();
            var location = NavigationLocation(owner, ownerType, owned.Navigation ?? string.Empty);
            foreach (var property in owned.Properties)
            {
                if (property.InOtherTable)
                {
                    continue;
                }

                var declared = FindProperty(ownedType, property.Name);
                properties.Add(MakeProperty(owner, ownedType, property, property.Column ?? property.Name, Required(property, owned.Key.Contains(property.Name)), declared != null ? index.Here(declared.Location, location) : location, displayName: (owned.Navigation ?? ownedType.Name) + "." + property.Name));
            }

            var info = new Info(owned, ownedType, hasFacts: true) { Location = location, ReportingKey = owner.ReportingKey };
            AddOwnedInTable(info, ownedType, owned, prefix: string.Empty, properties, result, requiredUnknown: false);
            var mapping = new EntityMapping(ownedType, context, owned.Schema ?? defaultSchema, owned.Table, properties.ToImmutable(), null, tableFromFluent: true)
            {
                ReportedAt = location,
                ReportingKey = owner.ReportingKey,
                FromMigrations = model,
                MigrationsName = owned.Name,
                ReadOnly = true,
            };
            var key = KeyOf(mapping, owned.Key);
            mapping.KeyProperties = key;
            mapping.Key = key.Length == 1 ? key[0] : null;
            result.OwnedTables.Add(mapping);

            // The ownership is a foreign key to the owner's key, with a constraint, when the owned type has a table of its
            // own; added with the other relationships, once the owner's mapping is complete.
            if (!owned.OwnerForeignKey.IsEmpty)
            {
                ownerships.Add((owner, mapping, owned.OwnerForeignKey));
            }
        }

        private readonly List<(Info Owner, EntityMapping Owned, ImmutableArray<string> ForeignKey)> ownerships = new List<(Info, EntityMapping, ImmutableArray<string>)>();

        /// <summary>Whether EF Core treats the property as required: IsRequired, a key, or a non-nullable value type; null when the stored type is not known.</summary>
        private bool? Required(SnapshotProperty property, bool isKey)
        {
            if (isKey)
            {
                return true;
            }

            if (property.IsRequired is bool explicitly)
            {
                return explicitly;
            }

            var type = SnapshotTypes.Parse(property.ClrType, model.Namespaces, types);
            if (type.NullableOf != null)
            {
                return false;
            }

            if (type.IsValueType)
            {
                return true;
            }

            // A reference type (string, byte[], a list) without IsRequired is nullable; an unknown name may be a struct of another assembly.
            return type.SpecialType == SpecialType.System_String || type.IsArray || type.IsList || type.Clr.IsKnown ? false : null;
        }

        private PropertyMapping MakeProperty(Info target, TypeFacts declaring, SnapshotProperty property, string column, bool? required, FileSpan shadowLocation, string? displayName)
        {
            var stored = SnapshotTypes.Parse(property.ClrType, model.Namespaces, types);
            var code = FindProperty(declaring, property.Name);
            PropertyFacts facts;
            ClrType clrType;
            bool converted = false;
            FileSpan location;
            if (code != null)
            {
                facts = code;
                var codeType = Facts.Classify(code.Type, source);
                if (property.ClrType == null || Agree(codeType, stored.Clr))
                {
                    clrType = codeType;
                }
                else
                {
                    // The code's type is not the stored one: a value converter (or a change not yet migrated). Compare what is stored.
                    clrType = stored.Clr;
                    converted = true;
                }

                location = index.Here(code.Location, shadowLocation);
            }
            else
            {
                facts = Shadow(property.Name, stored, target, shadowLocation);
                clrType = stored.Clr;
                location = shadowLocation;
            }

            // What the code declares, where it agrees with the snapshot: the attribute a fix may rewrite, the type's '?'.
            PropertyMapping? fromCode = null;
            if (code != null && displayName == null && readFromCode.TryGetValue(target.Type.Key, out var codeEntity))
            {
                fromCode = codeEntity.Find(property.Name);
                if (fromCode != null && fromCode.Property != code)
                {
                    fromCode = null;
                }
            }

            var mapping = new PropertyMapping(
                facts,
                column,
                clrType,
                fromCode?.DeclaredStoreType,
                location,
                converted,
                required,
                requiredByType: fromCode != null && fromCode.RequiredByType && fromCode.Required == required,
                displayName)
            {
                MigrationsStoreType = property.ColumnType,
                Generated = ColumnGeneration.Of(property.DefaultValueSql, property.HasDefaultValue, property.DefaultValue, property.ComputedSql, property.Computed, property.Generation),
                Facet = Facet(property, fromCode?.Facet),
                TypeDisplay = code == null ? stored.Display : null,
            };
            return mapping;
        }

        /// <summary>Whether the code's CLR type is the one the snapshot stores (nullability aside).</summary>
        private static bool Agree(ClrType code, ClrType stored)
            => code.IsKnown && stored.IsKnown
                ? code.Kind == stored.Kind && code.ArrayRank == stored.ArrayRank && code.EnumUnderlying == stored.EnumUnderlying
                : !code.IsKnown && !stored.IsKnown;

        private static DeclaredFacet? Facet(SnapshotProperty property, DeclaredFacet? fromCode)
        {
            if (property.MaxLength is int length)
            {
                return fromCode is { IsLength: true } same && same.Size == length ? same : new DeclaredFacet(true, length, null, "the migrations' model snapshot", fixable: false);
            }

            if (property.Precision is int precision)
            {
                return fromCode is { IsLength: false } same && same.Size == precision && same.Scale == property.Scale
                    ? same
                    : new DeclaredFacet(false, precision, property.Scale, "the migrations' model snapshot", fixable: false);
            }

            return null;
        }

        private static PropertyFacts Shadow(string name, TypeRef type, Info owner, FileSpan location)
            => new PropertyFacts(name, type, NullableAnnotation.None, false, false, true, true, true, false, ImmutableArray<AttributeFacts>.Empty, location, owner.ReportingKey ?? owner.Type.Key)
            {
                IsShadow = true,
            };

        /// <summary>
        /// Where a property without a CLR property is reported: a shadow foreign key at its navigation, a property of a class
        /// without source here at its line of the snapshot (when the snapshot is in this compilation), else at the entity.
        /// </summary>
        private FileSpan ShadowLocation(Info declaring, Info target, SnapshotProperty property)
        {
            foreach (var foreignKey in declaring.Entity.ForeignKeys)
            {
                if (foreignKey.Navigation != null && foreignKey.Properties.Contains(property.Name) && FindProperty(declaring.Type, foreignKey.Navigation) is { } navigation)
                {
                    return index.Here(navigation.Location, target.Location);
                }
            }

            return !declaring.HasFacts && snapshotHere ? property.Location : target.Location;
        }

        private FileSpan NavigationLocation(Info owner, TypeFacts ownerType, string navigation)
            => FindProperty(ownerType, navigation) is { } declared ? index.Here(declared.Location, owner.Location) : owner.Location;

        /// <summary>The class's instance property of that name, its base types' included (the nearest wins).</summary>
        private static PropertyFacts? FindProperty(TypeFacts type, string name)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                foreach (var property in current.Properties)
                {
                    if (!property.IsStatic && !property.IsIndexer && property.Name == name)
                    {
                        return property;
                    }
                }
            }

            return null;
        }

        /// <summary>Every column the model maps in each table, for the entities that own a table (DRIFT012 reads it).</summary>
        private static void CollectTableColumns(Result result)
        {
            var byTable = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var owners = new HashSet<string>(StringComparer.Ordinal);
            void Add(EntityMapping mapping)
            {
                if (mapping.IsView || mapping.HasNoTable || mapping.Table.Length == 0)
                {
                    return;
                }

                string key = mapping.Schema + "\u0001" + mapping.Table;
                if (!byTable.TryGetValue(key, out var columns))
                {
                    byTable.Add(key, columns = new HashSet<string>(StringComparer.Ordinal));
                }

                foreach (var property in mapping.Properties)
                {
                    columns.Add(property.Column);
                }
            }

            foreach (var entity in result.Entities)
            {
                Add(entity);
            }

            foreach (var owned in result.OwnedTables)
            {
                Add(owned);
            }

            foreach (var entity in result.Entities)
            {
                if (entity.IsView || entity.HasNoTable || entity.Table.Length == 0 || entity.NotAnalyzedReason != null)
                {
                    continue;
                }

                string key = entity.Schema + "\u0001" + entity.Table;
                entity.TableColumns = byTable[key];

                // One entity answers for a table's unmapped columns: the first the snapshot lists.
                entity.FullyMapped = !entity.ReadOnly && owners.Add(key);
            }
        }

        /// <summary>
        /// For the entity that answers for each table: every column set the model makes unique there (keys, alternate keys,
        /// unique indexes of every entity type on it). Unknown (null) where an owned type in the table declares its own
        /// indexes or keys, whose columns are not resolved here.
        /// </summary>
        private void CollectUniqueColumns()
        {
            var byTable = new Dictionary<string, List<ImmutableArray<string>>?>(StringComparer.Ordinal);
            var indexedByTable = new Dictionary<string, List<ImmutableArray<string>>>(StringComparer.Ordinal);
            foreach (var info in infos.Values)
            {
                var mapping = info.Mapping;
                if (mapping == null || mapping.IsView || mapping.HasNoTable || mapping.Table.Length == 0)
                {
                    continue;
                }

                string key = mapping.Schema + "\u0001" + mapping.Table;
                if (!byTable.TryGetValue(key, out var sets))
                {
                    byTable.Add(key, sets = new List<ImmutableArray<string>>());
                }

                if (sets == null)
                {
                    continue;
                }

                if (OwnedDeclareKeys(info.Entity))
                {
                    byTable[key] = null;
                    continue;
                }

                if (!mapping.KeyProperties.IsEmpty)
                {
                    sets.Add(Sorted(mapping.KeyProperties.Select(p => p.Column)));
                }

                foreach (var alternate in info.Entity.AlternateKeys)
                {
                    if (Columns(info, alternate) is { } columns)
                    {
                        sets.Add(Sorted(columns));
                    }
                    else
                    {
                        byTable[key] = null;
                        break;
                    }
                }

                foreach (var index in info.Entity.Indexes)
                {
                    if (!index.Unique && !index.OnExpression && Columns(info, index.Properties) is { } indexed)
                    {
                        if (!indexedByTable.TryGetValue(key, out var list))
                        {
                            indexedByTable.Add(key, list = new List<ImmutableArray<string>>());
                        }

                        list.Add(Sorted(indexed));
                    }

                    if (!index.Unique || index.OnExpression)
                    {
                        continue;
                    }

                    if (Columns(info, index.Properties) is { } columns)
                    {
                        sets.Add(Sorted(columns));
                    }
                    else if (byTable.ContainsKey(key))
                    {
                        byTable[key] = null;
                        break;
                    }
                }
            }

            foreach (var info in infos.Values)
            {
                string key = info.Mapping is { } mapped ? mapped.Schema + "\u0001" + mapped.Table : string.Empty;
                if (info.Mapping is { FullyMapped: true } mapping && byTable.TryGetValue(key, out var sets))
                {
                    mapping.TableUniqueColumns = sets;
                    mapping.TableIndexedColumns = indexedByTable.TryGetValue(key, out var indexed) ? indexed : null;
                }
            }
        }

        private static bool OwnedDeclareKeys(SnapshotEntity entity)
        {
            foreach (var owned in entity.Owned)
            {
                if (owned.Indexes.Count > 0 || owned.AlternateKeys.Count > 0 || OwnedDeclareKeys(owned))
                {
                    return true;
                }
            }

            return false;
        }

        private static ImmutableArray<string> Sorted(IEnumerable<string> columns)
        {
            var sorted = columns.ToList();
            sorted.Sort(StringComparer.Ordinal);
            return sorted.ToImmutableArray();
        }

        private void AddRelationships(Info info, Result result)
        {
            foreach (var foreignKey in info.Entity.ForeignKeys)
            {
                var dependent = foreignKey.Dependent != null && infos.TryGetValue(foreignKey.Dependent, out var named) ? named : info;
                if (!infos.TryGetValue(foreignKey.Principal, out var principal) || dependent.Mapping == null || principal.Mapping == null)
                {
                    continue;
                }

                // A TPC hierarchy has no one table to reference: EF Core creates no constraint to it.
                if (principal.Strategy == "TPC" && (principal.Base != null || HasDerived(principal)))
                {
                    continue;
                }

                AddForeignKey(result, dependent.Mapping, principal.Mapping, foreignKey.Properties, foreignKey.PrincipalKey, foreignKey.Navigation, foreignKey.DeleteBehavior ?? "ClientSetNull");
            }

            foreach (var (owner, owned, ownerForeignKey) in ownerships)
            {
                if (owner == info && info.Mapping != null)
                {
                    AddForeignKey(result, owned, info.Mapping, ownerForeignKey, ImmutableArray<string>.Empty, navigation: null, deleteBehavior: null);
                }
            }
        }

        private static void AddForeignKey(Result result, EntityMapping dependent, EntityMapping principal, ImmutableArray<string> properties, ImmutableArray<string> principalKeyNames, string? navigation, string? deleteBehavior)
        {
            var principalKey = principalKeyNames.IsEmpty ? principal.KeyProperties : KeyOf(principal, principalKeyNames);
            if (principalKey.Length != properties.Length || dependent.IsView || principal.IsView || dependent.HasNoTable || principal.HasNoTable
                || dependent.NotAnalyzedReason != null || principal.NotAnalyzedReason != null)
            {
                return;
            }

            var foreignKey = KeyOf(dependent, properties);
            if (foreignKey.Length != properties.Length)
            {
                return;
            }

            // Table splitting links two entities of one table by their keys: no constraint.
            if (dependent.Schema == principal.Schema && dependent.Table == principal.Table)
            {
                return;
            }

            for (int i = 0; i < foreignKey.Length; i++)
            {
                result.Relationships.Add(new Relationship(dependent, foreignKey[i], principal, principalKey[i], navigation, foreignKey, deleteBehavior));
            }
        }
    }
}
