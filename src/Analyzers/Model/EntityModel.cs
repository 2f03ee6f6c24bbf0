using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;

namespace DriftAnalyzers.Model
{
    /// <summary>How EF Core maps one entity type: its table and its mapped scalar properties.</summary>
    internal sealed class EntityMapping
    {
        public EntityMapping(TypeFacts type, TypeFacts? context, string schema, string table, ImmutableArray<PropertyMapping> properties, string? notAnalyzedReason, bool tableFromFluent = false, bool isView = false, string? hierarchyRoot = null)
        {
            HierarchyRoot = hierarchyRoot;
            TableFromFluent = tableFromFluent;
            IsView = isView;
            Type = type;
            Context = context;
            Schema = schema;
            Table = table;
            Properties = properties;
            NotAnalyzedReason = notAnalyzedReason;
        }

        public TypeFacts Type { get; }

        /// <summary>The entity type's key (<see cref="Facts.Key"/>).</summary>
        public string TypeKey => Type.Key;

        /// <summary>Where diagnostics about the entity go: its declaration, or (for a type without source here) the model snapshot's line.</summary>
        public FileSpan Location => ReportedAt ?? Type.Location;

        /// <summary>Set where the entity's diagnostics go elsewhere than its declaration (<see cref="Location"/>).</summary>
        public FileSpan? ReportedAt { get; internal set; }

        /// <summary>
        /// The key of the type whose symbol action reports the entity's diagnostics: the entity's own, or the model snapshot's
        /// for an entity without source here; null: reported nowhere in this compilation (it is still a principal, an owner of a table).
        /// </summary>
        public string? ReportingKey
        {
            get => NotReported ? null : reportingKey ?? Type.Key;
            internal set
            {
                reportingKey = value;
                NotReported = value == null;
            }
        }

        private string? reportingKey;

        /// <summary>See <see cref="ReportingKey"/>.</summary>
        public bool NotReported { get; private set; }

        /// <summary>The model snapshot the mapping was read from, or null (read from the code).</summary>
        public Migrations.MigrationsModel? FromMigrations { get; internal set; }

        /// <summary>The entity type's name in that snapshot (<c>App.Post</c>, <c>PostTag</c>), or null.</summary>
        public string? MigrationsName { get; internal set; }

        /// <summary>Every property of the primary key, in order (composite keys included); empty when unknown.</summary>
        public ImmutableArray<PropertyMapping> KeyProperties { get; internal set; } = ImmutableArray<PropertyMapping>.Empty;

        /// <summary>Mapped with ExcludeFromMigrations: another context (or nothing) creates its table; sharing it is deliberate.</summary>
        public bool ExcludedFromMigrations { get; internal set; }

        /// <summary>
        /// Added to its context's model since the migrations' model snapshot was written (DRIFT014 says so): no migration
        /// creates its table yet, so the database is not checked against it; the migration that adds it is the fix.
        /// </summary>
        public bool AwaitingMigration { get; internal set; }

        /// <summary>Keyless (HasNoKey, [Keyless]): usually the shape of raw SQL results, whose table need not exist.</summary>
        public bool Keyless { get; internal set; }

        /// <summary>Never inserted through (keyless, a view, excluded from migrations, or no property can be set): DRIFT012 does not apply.</summary>
        public bool ReadOnly { get; internal set; }

        /// <summary>
        /// For an entity read from a model snapshot: every column the model maps in its table, the other entities sharing it
        /// included (owned types, derived types, table splitting); null otherwise (its own properties are all there is).
        /// </summary>
        public HashSet<string>? TableColumns { get; internal set; }

        /// <summary>The indexes the model declares on its table through this entity type; null when not known (read from the code).</summary>
        public ImmutableArray<IndexMapping>? Indexes { get; internal set; }

        /// <summary>The check constraints the model declares on its table; null when not known (read from the code).</summary>
        public ImmutableArray<CheckMapping>? CheckConstraints { get; internal set; }

        /// <summary>
        /// For the entity that answers for its table (<see cref="FullyMapped"/>): every set of columns the model makes unique
        /// in it (primary key, alternate keys, unique indexes, those of every entity type sharing the table), each sorted;
        /// null when not known.
        /// </summary>
        public List<ImmutableArray<string>>? TableUniqueColumns { get; internal set; }

        /// <summary>With <see cref="TableUniqueColumns"/>: the column sets of the table's non-unique indexes in the model, each sorted (their uniqueness is DRIFT019's).</summary>
        public List<ImmutableArray<string>>? TableIndexedColumns { get; internal set; }

        /// <summary>The DbContext whose DbSet exposes the entity (the first one), or null.</summary>
        public TypeFacts? Context { get; }

        public string Schema { get; }

        public string Table { get; }

        /// <summary>The table was named with ToTable/ToView (as table splitting requires), not by convention or [Table].</summary>
        public bool TableFromFluent { get; }

        /// <summary>The key of the root of the inheritance hierarchy the entity belongs to (itself for the root), or null outside hierarchies.</summary>
        public string? HierarchyRoot { get; }

        /// <summary>An abstract root of a table-per-concrete-type hierarchy: no table of its own.</summary>
        public bool HasNoTable { get; internal set; }

        /// <summary>Mapped with ToView: read-only, and several entities may read one view.</summary>
        public bool IsView { get; }

        /// <summary>The single-property primary key (fluent HasKey, [PrimaryKey], [Key], Id, &lt;Type&gt;Id), or null when composite or unknown.</summary>
        public PropertyMapping? Key { get; internal set; }

        /// <summary>
        /// Every member of the entity is accounted for (a mapped column, ignored, a collection navigation, or a reference
        /// navigation with a known FK property): no shadow or owned column can hide in its table.
        /// </summary>
        public bool FullyMapped { get; internal set; }

        public ImmutableArray<PropertyMapping> Properties { get; private set; }

        /// <summary>The naming convention its names were derived with (for shadow properties added later).</summary>
        public NamingConvention Convention { get; internal set; }

        /// <summary>Adds a shadow property EF Core creates by convention (a shadow foreign key).</summary>
        internal void AddShadow(PropertyMapping property)
        {
            Properties = Properties.Add(property);
            if (byName != null && !byName.ContainsKey(property.Name))
            {
                byName.Add(property.Name, property);
            }
        }

        // Wider entities than this get an index by name; for the usual few dozen properties a scan is as fast and keeps
        // nothing alive for the compilation's lifetime (which a build's garbage collections pay for).
        private const int ScanUpTo = 32;

        private Dictionary<string, PropertyMapping>? byName;

        /// <summary>The first property of that name, ignoring case (as EF Core matches FK and key names), or null.</summary>
        internal PropertyMapping? Find(string name)
        {
            if (Properties.Length <= ScanUpTo)
            {
                foreach (var property in Properties)
                {
                    if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                    {
                        return property;
                    }
                }

                return null;
            }

            if (byName == null)
            {
                var index = new Dictionary<string, PropertyMapping>(Properties.Length, StringComparer.OrdinalIgnoreCase);
                foreach (var property in Properties)
                {
                    if (!index.ContainsKey(property.Name))
                    {
                        index.Add(property.Name, property);
                    }
                }

                byName = index;
            }

            return byName.TryGetValue(name, out var found) ? found : null;
        }

        /// <summary>Why the analyzers stay silent on this entity (mapping computed by code they do not evaluate), or null.</summary>
        public string? NotAnalyzedReason { get; }

        public string Name => Type.Name;
    }

    /// <summary>A mapped scalar property and its column.</summary>
    internal sealed class PropertyMapping
    {
        public PropertyMapping WithRequiredUnknown() => new PropertyMapping(Property, Column, ClrType, DeclaredStoreType, Location, Converted, null, RequiredByType, displayName) { Facet = Facet, TypeDisplay = TypeDisplay, MigrationsStoreType = MigrationsStoreType, Generated = Generated };

        /// <summary>
        /// What the migrations' model snapshot states about how the column gets its value (default, computed SQL, identity
        /// or serial), where absence means none; null for a mapping read from the code, which states it only partly.
        /// </summary>
        public ColumnGeneration? Generated { get; internal set; }

        /// <summary>The column type the migrations' model snapshot states (HasColumnType), or null.</summary>
        public string? MigrationsStoreType { get; internal set; }

        /// <summary>How messages show the CLR type: the property's type, or for a shadow foreign key the key's type.</summary>
        public string? TypeDisplay { get; internal set; }

        private readonly string? displayName;

        public PropertyMapping(PropertyFacts property, string column, ClrType clrType, string? declaredStoreType, FileSpan location, bool converted = false, bool? required = null, bool requiredByType = true, string? displayName = null)
        {
            this.displayName = displayName;
            Property = property;
            Converted = converted;
            Required = required;
            RequiredByType = requiredByType;
            Column = column;
            ClrType = clrType;
            DeclaredStoreType = declaredStoreType;
            Location = location;
        }

        public PropertyFacts Property { get; }

        public string Column { get; }

        /// <summary>The CLR type whose mapping is compared: the provider type when a value converter is configured.</summary>
        public ClrType ClrType { get; }

        /// <summary>A value converter stores <see cref="ClrType"/>: the property's own type is not what disagrees.</summary>
        public bool Converted { get; }

        /// <summary>Whether EF Core treats the property as required (NOT NULL): true, false, or null when unknown (oblivious references).</summary>
        public bool? Required { get; }

        /// <summary><see cref="Required"/> follows from the type (<c>int</c>, <c>string?</c>), not from [Required] or IsRequired.</summary>
        public bool RequiredByType { get; }

        /// <summary>A declared maximum length or precision, and where it is declared (e.g. "[MaxLength]"), or null.</summary>
        public DeclaredFacet? Facet { get; internal set; }

        /// <summary><c>[Column(TypeName = "...")]</c>, or null.</summary>
        public string? DeclaredStoreType { get; }

        /// <summary>Where a diagnostic about the property goes: its declaration, or the entity's when it has no source here.</summary>
        public FileSpan Location { get; }

        /// <summary>The property's name; for a property of an owned type, <c>Navigation.Property</c>.</summary>
        public string Name => displayName ?? Property.Name;
    }

    /// <summary>How a column gets its value, as the migrations' model snapshot states it.</summary>
    internal sealed class ColumnGeneration
    {
        /// <summary>Nothing stated: no default, not computed, no generation strategy (most columns; one shared instance).</summary>
        private static readonly ColumnGeneration None = new ColumnGeneration(null, false, null, null, false, null);

        private ColumnGeneration(string? defaultSql, bool hasDefaultValue, object? defaultValue, string? computedSql, bool computed, string? strategy)
        {
            Computed = computed || computedSql != null;
            DefaultSql = defaultSql;
            HasDefaultValue = hasDefaultValue;
            DefaultValue = defaultValue;
            ComputedSql = computedSql;
            Strategy = strategy;
        }

        public static ColumnGeneration Of(string? defaultSql, bool hasDefaultValue, object? defaultValue, string? computedSql, bool computed, string? strategy)
            => defaultSql == null && !hasDefaultValue && computedSql == null && !computed && strategy == null
                ? None
                : new ColumnGeneration(defaultSql, hasDefaultValue, defaultValue, computedSql, computed, strategy);

        /// <summary>HasDefaultValueSql's SQL, or null.</summary>
        public string? DefaultSql { get; }

        /// <summary>HasDefaultValue was called; <see cref="DefaultValue"/> is its literal argument, or null when it is not a literal.</summary>
        public bool HasDefaultValue { get; }

        public object? DefaultValue { get; }

        /// <summary>HasComputedColumnSql's SQL, or null.</summary>
        public string? ComputedSql { get; }

        /// <summary>The database generates the column (HasComputedColumnSql, or Npgsql's IsGeneratedTsVectorColumn, whose SQL is not stated).</summary>
        public bool Computed { get; }

        /// <summary><c>identity by default</c>, <c>identity always</c>, <c>serial</c>, <c>sequence</c>, or null.</summary>
        public string? Strategy { get; }

        public bool HasDefault => HasDefaultValue || DefaultSql != null;
    }

    /// <summary>An index of the model (HasIndex, [Index], EF Core's index on foreign key columns), by column.</summary>
    internal sealed class IndexMapping
    {
        public IndexMapping(ImmutableArray<string> columns, ImmutableArray<string> properties, bool unique, string? filter, string? method, ImmutableArray<string>? include, string? name, FileSpan location)
        {
            Columns = columns;
            Properties = properties;
            Unique = unique;
            Filter = filter;
            Method = method;
            Include = include;
            Name = name;
            Location = location;
        }

        public ImmutableArray<string> Columns { get; }

        /// <summary>The properties, as messages name them.</summary>
        public ImmutableArray<string> Properties { get; }

        public bool Unique { get; }

        public string? Filter { get; }

        /// <summary>The access method the model states, or null (btree).</summary>
        public string? Method { get; }

        /// <summary>The INCLUDE columns the model states, or null when it states none.</summary>
        public ImmutableArray<string>? Include { get; }

        public string? Name { get; }

        /// <summary>Where a diagnostic about it goes: the property of a one-column index, else the entity.</summary>
        public FileSpan Location { get; }
    }

    /// <summary>A check constraint of the model (ToTable(t => t.HasCheckConstraint(name, sql))).</summary>
    internal sealed class CheckMapping
    {
        public CheckMapping(string name, string sql)
        {
            Name = name;
            Sql = sql;
        }

        public string Name { get; }

        public string Sql { get; }
    }

    /// <summary>How a CLR enum is mapped to a PostgreSQL enum (MapEnum / HasPostgresEnum).</summary>
    internal sealed class EnumMapping
    {
        public EnumMapping(string? name, string? schema, bool customTranslator)
        {
            Name = name;
            Schema = schema;
            CustomTranslator = customTranslator;
        }

        /// <summary>The PostgreSQL type name given, or null for Npgsql's default (snake_case of the CLR name).</summary>
        public string? Name { get; }

        public string? Schema { get; }

        /// <summary>A name translator other than the default is given: labels cannot be predicted.</summary>
        public bool CustomTranslator { get; }
    }

    /// <summary>A maximum length (Precision only) or a precision and scale, and where the code declares it.</summary>
    internal sealed class DeclaredFacet
    {
        public DeclaredFacet(bool isLength, int size, int? scale, string source, bool fixable)
        {
            IsLength = isLength;
            Size = size;
            Scale = scale;
            Source = source;
            Fixable = fixable;
        }

        /// <summary>A maximum length; otherwise a precision.</summary>
        public bool IsLength { get; }

        public int Size { get; }

        public int? Scale { get; }

        /// <summary>"[MaxLength]", "[StringLength]", "[Precision]", "HasMaxLength", "HasPrecision", "the column type".</summary>
        public string Source { get; }

        /// <summary>Declared by an attribute on the property with literal arguments: the code fix can rewrite it.</summary>
        public bool Fixable { get; }

        public string Describe() => IsLength
            ? "a maximum length of " + Size + " (" + Source + ")"
            : "a precision of " + Size + (Scale is int s ? ", scale " + s : string.Empty) + " (" + Source + ")";
    }

    /// <summary>A relationship the code declares: the dependent's FK property references the principal's key.</summary>
    internal sealed class Relationship
    {
        public Relationship(EntityMapping dependent, PropertyMapping foreignKey, EntityMapping principal, PropertyMapping principalKey, string? navigation, ImmutableArray<PropertyMapping> foreignKeyProperties = default, string? deleteBehavior = null)
        {
            ForeignKeyProperties = foreignKeyProperties.IsDefault ? ImmutableArray.Create(foreignKey) : foreignKeyProperties;
            DeleteBehavior = deleteBehavior;
            Dependent = dependent;
            ForeignKey = foreignKey;
            Principal = principal;
            PrincipalKey = principalKey;
            Navigation = navigation;
        }

        public EntityMapping Dependent { get; }

        public PropertyMapping ForeignKey { get; }

        public EntityMapping Principal { get; }

        public PropertyMapping PrincipalKey { get; }

        /// <summary>The dependent's reference navigation, if it has one.</summary>
        public string? Navigation { get; }

        /// <summary>Every property of the foreign key, in order (a composite key's other parts included).</summary>
        public ImmutableArray<PropertyMapping> ForeignKeyProperties { get; }

        /// <summary>
        /// The DeleteBehavior the migrations' model snapshot states (<c>ClientSetNull</c> where it writes none); null for a
        /// relationship read from the code.
        /// </summary>
        public string? DeleteBehavior { get; }
    }

    /// <summary>A DbContext and what the analyzers could not resolve in it (DRIFT013).</summary>
    internal sealed class ContextModel
    {
        public ContextModel(TypeFacts type, int entityCount, ImmutableArray<string> notAnalyzed, string? databaseOption, string? connectionStringDatabase)
        {
            Type = type;
            EntityCount = entityCount;
            NotAnalyzed = notAnalyzed;
            DatabaseOption = databaseOption;
            ConnectionStringDatabase = connectionStringDatabase;
        }

        public TypeFacts Type { get; }

        public int EntityCount { get; }

        public ImmutableArray<string> NotAnalyzed { get; }

        /// <summary><c>drift_analyzers.database</c> in the options of the DbContext's file, or null.</summary>
        public string? DatabaseOption { get; }

        /// <summary>The database named by a literal connection string in OnConfiguring (<c>Database=app</c>), or null.</summary>
        public string? ConnectionStringDatabase { get; }

        /// <summary>Its migrations' model snapshot, when that is one of the compilation's files; else null.</summary>
        public Migrations.MigrationsModel? ModelSnapshot { get; internal set; }

        /// <summary>The schema of what the model places in no schema: <c>drift_analyzers.default_schema</c> for the context's file, else <c>public</c>.</summary>
        public string DefaultSchema { get; internal set; } = "public";
    }

    /// <summary>The entity model of a compilation: every entity and DbContext, looked up in O(1) by type key (<see cref="Facts.Key"/>).</summary>
    internal sealed class EntityModel
    {
        private static readonly List<(EntityMapping, PropertyMapping)> None = new List<(EntityMapping, PropertyMapping)>();
        private readonly Dictionary<string, List<(EntityMapping Entity, PropertyMapping Property)>> byReportingType = new Dictionary<string, List<(EntityMapping, PropertyMapping)>>(StringComparer.Ordinal);

        private static readonly List<Relationship> NoRelationships = new List<Relationship>();
        private static readonly List<EntityMapping> NoEntities = new List<EntityMapping>();
        private readonly Dictionary<string, List<EntityMapping>> entitiesByReportingType = new Dictionary<string, List<EntityMapping>>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Relationship>> relationshipsByReportingType = new Dictionary<string, List<Relationship>>(StringComparer.Ordinal);

        private static readonly List<PendingModelChange> NoPendingChanges = new List<PendingModelChange>();
        private readonly Dictionary<string, List<PendingModelChange>> pendingByReportingType = new Dictionary<string, List<PendingModelChange>>(StringComparer.Ordinal);

        public EntityModel(Dictionary<string, EntityMapping> entities, Dictionary<string, ContextModel> contexts, Dictionary<string, string> outsideEveryModel, List<Relationship> relationships, Dictionary<string, EnumMapping> enums, List<EntityMapping> ownedCollections, Func<string, TypeFacts?> source, List<PendingModelChange>? pendingChanges = null)
        {
            foreach (var change in pendingChanges ?? NoPendingChanges)
            {
                if (!pendingByReportingType.TryGetValue(change.ReportingKey, out var list))
                {
                    pendingByReportingType.Add(change.ReportingKey, list = new List<PendingModelChange>());
                }

                list.Add(change);
            }

            OwnedCollections = ownedCollections;
            Enums = enums;
            Entities = entities;
            Contexts = contexts;
            OutsideEveryModel = outsideEveryModel;
            Source = source;
            // Most entities report on their own type, found in Entities; only the others (a class without source here,
            // reported on the model snapshot) need an index: one list per entity would be kept for every compilation.
            foreach (var entity in entities.Values)
            {
                if (entity.ReportingKey is { } key && key != entity.TypeKey)
                {
                    if (!entitiesByReportingType.TryGetValue(key, out var list))
                    {
                        entitiesByReportingType.Add(key, list = new List<EntityMapping>());
                    }

                    list.Add(entity);
                }
            }

            foreach (var relationship in relationships)
            {
                if (ReportingType(relationship.Dependent, relationship.ForeignKey) is not { } reporter)
                {
                    continue;
                }

                if (!relationshipsByReportingType.TryGetValue(reporter, out var list))
                {
                    relationshipsByReportingType.Add(reporter, list = new List<Relationship>());
                }

                list.Add(relationship);
            }

            foreach (var entity in entities.Values.Concat(OwnedCollections))
            {
                foreach (var property in entity.Properties)
                {
                    if (ReportingType(entity, property) is not { } reporter)
                    {
                        continue;
                    }

                    if (!byReportingType.TryGetValue(reporter, out var list))
                    {
                        byReportingType.Add(reporter, list = new List<(EntityMapping, PropertyMapping)>());
                    }

                    list.Add((entity, property));
                }
            }
        }

        public Dictionary<string, EntityMapping> Entities { get; }

        public Dictionary<string, ContextModel> Contexts { get; }

        /// <summary>The migrations of the compilation, by context key, and whether other contexts' are out of sight.</summary>
        public Migrations.ContextMigrationsSet Migrations { get; internal set; } = Model.Migrations.ContextMigrationsSet.None;

        /// <summary>Owned collections (OwnsMany): each in its own table, as a mapping of its owned type for one owner.</summary>
        public List<EntityMapping> OwnedCollections { get; }

        /// <summary>CLR enums mapped to PostgreSQL enums, found anywhere in the code (MapEnum, HasPostgresEnum), by enum type key.</summary>
        public Dictionary<string, EnumMapping> Enums { get; }

        /// <summary>Classes that look like entities but are in no DbContext's model, with what makes them look so (DRIFT009).</summary>
        public Dictionary<string, string> OutsideEveryModel { get; }

        /// <summary>The facts of the compilation's source types, by key (enum members, whether a type is a struct).</summary>
        public Func<string, TypeFacts?> Source { get; }

        /// <summary>
        /// The mapped properties whose diagnostics belong to the type <paramref name="typeKey"/>'s symbol action: those it
        /// declares (also when an entity inherits them), and an entity's inherited properties that have no source here.
        /// Reporting each diagnostic from the symbol that declares its location keeps it local, so the IDE shows it live.
        /// </summary>
        public List<(EntityMapping Entity, PropertyMapping Property)> PropertiesReportedOn(string typeKey)
            => byReportingType.TryGetValue(typeKey, out var list) ? list : None;

        /// <summary>The differences from the migrations' model snapshots (DRIFT014) whose diagnostics belong to <paramref name="typeKey"/>'s symbol action.</summary>
        public List<PendingModelChange> PendingChangesReportedOn(string typeKey)
            => pendingByReportingType.TryGetValue(typeKey, out var list) ? list : NoPendingChanges;

        /// <summary>The relationships whose FK property's diagnostics belong to <paramref name="typeKey"/> (as <see cref="PropertiesReportedOn"/>).</summary>
        public List<Relationship> RelationshipsReportedOn(string typeKey)
            => relationshipsByReportingType.TryGetValue(typeKey, out var list) ? list : NoRelationships;

        /// <summary>The entities whose own diagnostics (table, key, unmapped columns) belong to <paramref name="typeKey"/>'s symbol action.</summary>
        public List<EntityMapping> EntitiesReportedOn(string typeKey)
        {
            bool own = Entities.TryGetValue(typeKey, out var entity) && entity.ReportingKey == typeKey;
            if (!entitiesByReportingType.TryGetValue(typeKey, out var others))
            {
                return own ? new List<EntityMapping>(1) { entity! } : NoEntities;
            }

            if (!own)
            {
                return others;
            }

            var all = new List<EntityMapping>(others.Count + 1) { entity! };
            all.AddRange(others);
            return all;
        }

        private static string? ReportingType(EntityMapping entity, PropertyMapping property)
            => entity.NotReported ? null : property.Location == entity.Location ? entity.ReportingKey : property.Property.ContainingKey;
    }
}
