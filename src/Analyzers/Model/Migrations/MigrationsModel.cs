using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace DriftAnalyzers.Model.Migrations
{
    /// <summary>
    /// The model EF Core wrote into a migrations model snapshot (<c>[DbContext(typeof(X))] class XModelSnapshot : ModelSnapshot</c>,
    /// its <c>BuildModel</c>): every entity type of the context with its table, columns, column types, nullability, keys
    /// and foreign keys, as EF Core resolved them when the last migration was added. Read from syntax alone
    /// (<see cref="ModelSnapshotReader"/>), free of any compilation.
    /// </summary>
    internal sealed class MigrationsModel
    {
        public MigrationsModel(
            string contextName,
            ImmutableArray<string> namespaces,
            string? defaultSchema,
            bool isNpgsql,
            ImmutableArray<SnapshotEntity> entities,
            FileSpan location,
            string path,
            string snapshotType,
            ImmutableArray<SnapshotSequence> sequences)
        {
            Sequences = sequences;
            SnapshotType = snapshotType;
            ContextName = contextName;
            Namespaces = namespaces;
            DefaultSchema = defaultSchema;
            IsNpgsql = isNpgsql;
            Entities = entities;
            Location = location;
            Path = path;
        }

        /// <summary>The context's type as <c>typeof(...)</c> names it (<c>AppDbContext</c>, <c>Data.AppDbContext</c>, <c>global::App.Data.AppDbContext</c>).</summary>
        public string ContextName { get; }

        /// <summary>The namespaces the name may be relative to: the file's using directives, then its enclosing namespaces (innermost first).</summary>
        public ImmutableArray<string> Namespaces { get; }

        /// <summary><c>HasDefaultSchema</c>, or null.</summary>
        public string? DefaultSchema { get; }

        /// <summary>Written for the Npgsql provider (its annotations or extension calls appear): a snapshot of another provider's migrations does not describe a PostgreSQL database.</summary>
        public bool IsNpgsql { get; }

        public ImmutableArray<SnapshotEntity> Entities { get; }

        /// <summary>
        /// The sequences the migrations create: each <c>HasSequence</c>, then each HiLo sequence a property names
        /// (<c>UseHiLo("name")</c>, EF Core 2's <c>Npgsql:HiLoSequenceName</c> annotation) that no HasSequence declares.
        /// </summary>
        public ImmutableArray<SnapshotSequence> Sequences { get; }

        /// <summary>The snapshot class's key (<c>global::App.Migrations.AppDbContextModelSnapshot</c>): diagnostics about entities without source here are reported on it.</summary>
        public string SnapshotType { get; }

        /// <summary>The snapshot class's declaration.</summary>
        public FileSpan Location { get; }

        /// <summary>The snapshot file's path.</summary>
        public string Path { get; }

        /// <summary>The file's name, as messages show it.</summary>
        public string FileName => System.IO.Path.GetFileName(Path);
    }

    /// <summary>A sequence of a model snapshot: what its migrations create.</summary>
    internal sealed class SnapshotSequence
    {
        public SnapshotSequence(string name, string? schema, string? type, long? start, long? increment, string declaredBy, FileSpan location)
        {
            Name = name;
            Schema = schema;
            Type = type;
            Start = start;
            Increment = increment;
            DeclaredBy = declaredBy;
            Location = location;
        }

        public string Name { get; }

        /// <summary>HasSequence's schema, or null: the model's default schema.</summary>
        public string? Schema { get; }

        /// <summary>The PostgreSQL type (<c>HasSequence</c> is <c>bigint</c>, <c>HasSequence&lt;int&gt;</c> <c>integer</c>), or null when not known.</summary>
        public string? Type { get; }

        /// <summary>StartsAt's value (1 when not called), or null when not known.</summary>
        public long? Start { get; }

        /// <summary>IncrementsBy's value (1 when not called), or null when not known (a HiLo sequence named by a property only).</summary>
        public long? Increment { get; }

        /// <summary>How the model declares it, for messages: <c>HasSequence</c>, <c>UseHiLo</c>.</summary>
        public string DeclaredBy { get; }

        public FileSpan Location { get; }
    }

    /// <summary>An entity type (or an owned type, inside its owner) of a model snapshot, with what its builder calls say.</summary>
    internal sealed class SnapshotEntity
    {
        public SnapshotEntity(string name, FileSpan location)
        {
            Name = name;
            Location = location;
        }

        /// <summary>The CLR type's full name as EF Core writes it (<c>App.Post</c>, <c>App.Outer+Inner</c>, <c>Ns.Claim&lt;string&gt;</c>), or a shared type's name.</summary>
        public string Name { get; }

        /// <summary>Where its first <c>Entity("...")</c> (or <c>OwnsOne</c>/<c>OwnsMany</c>) call is.</summary>
        public FileSpan Location { get; }

        /// <summary>ToTable's name; null when not called (an owned type in its owner's table, a derived type of a TPH hierarchy).</summary>
        public string? Table { get; set; }

        public string? Schema { get; set; }

        /// <summary><c>ToTable((string)null)</c>: no table (an abstract root of a TPC hierarchy, or an entity mapped to a view or query only).</summary>
        public bool NoTable { get; set; }

        public string? View { get; set; }

        public string? ViewSchema { get; set; }

        /// <summary>ToTable(..., t => t.ExcludeFromMigrations()): the table is mapped but another context's migrations (or none) create it.</summary>
        public bool ExcludedFromMigrations { get; set; }

        /// <summary>ToFunction, ToSqlQuery, or a form of ToTable/ToView that the reader does not understand: its mapping is not read.</summary>
        public string? Unreadable { get; set; }

        public string? BaseType { get; set; }

        /// <summary>"TPH", "TPT" or "TPC", where its builder says so (a hierarchy's root).</summary>
        public string? MappingStrategy { get; set; }

        public bool Keyless { get; set; }

        /// <summary>HasDiscriminator's property (<c>Discriminator</c> when it names none), or null: a shadow column of the hierarchy, not a CLR property.</summary>
        public string? Discriminator { get; set; }

        /// <summary>HasKey's properties, in order; empty when not called.</summary>
        public ImmutableArray<string> Key { get; set; } = ImmutableArray<string>.Empty;

        public List<SnapshotProperty> Properties { get; } = new List<SnapshotProperty>();

        public List<SnapshotForeignKey> ForeignKeys { get; } = new List<SnapshotForeignKey>();

        /// <summary>HasIndex calls, in order.</summary>
        public List<SnapshotIndex> Indexes { get; } = new List<SnapshotIndex>();

        /// <summary>HasAlternateKey's properties (a unique constraint each).</summary>
        public List<ImmutableArray<string>> AlternateKeys { get; } = new List<ImmutableArray<string>>();

        /// <summary>ToTable(..., t => t.HasCheckConstraint("Name", "sql")).</summary>
        public List<SnapshotCheck> CheckConstraints { get; } = new List<SnapshotCheck>();

        /// <summary>Owned types (OwnsOne, OwnsMany) and complex properties, each inside its owner.</summary>
        public List<SnapshotEntity> Owned { get; } = new List<SnapshotEntity>();

        /// <summary>For an owned type or a complex property: the owner's navigation to it.</summary>
        public string? Navigation { get; set; }

        /// <summary>OwnsMany: a collection, in a table of its own.</summary>
        public bool IsCollection { get; set; }

        /// <summary>A complex property (ComplexProperty): always in its owner's table.</summary>
        public bool IsComplex { get; set; }

        /// <summary>ToJson: the owned type is stored in one JSON column of its owner's table, named by the argument (or null: the navigation's name).</summary>
        public bool IsJson { get; set; }

        public string? JsonColumn { get; set; }

        /// <summary>For an owned type: the ownership's FK properties (WithOwner().HasForeignKey).</summary>
        public ImmutableArray<string> OwnerForeignKey { get; set; } = ImmutableArray<string>.Empty;

        /// <summary>Navigations marked required (<c>b.Navigation("Address").IsRequired()</c>, or a complex property's IsRequired).</summary>
        public HashSet<string> RequiredNavigations { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The property of that name, merging the calls that name it again (UseIdentityByDefaultColumn(b.Property&lt;int&gt;("Id"))).</summary>
        public SnapshotProperty Property(string name, string? clrType, FileSpan location)
        {
            foreach (var property in Properties)
            {
                if (property.Name == name)
                {
                    return property;
                }
            }

            var added = new SnapshotProperty(name, clrType, location);
            Properties.Add(added);
            return added;
        }

        public SnapshotProperty? Find(string name)
        {
            foreach (var property in Properties)
            {
                if (property.Name == name)
                {
                    return property;
                }
            }

            return null;
        }
    }

    /// <summary>A property of a snapshot entity: <c>b.Property&lt;T&gt;("Name")</c> and its chain.</summary>
    internal sealed class SnapshotProperty
    {
        public SnapshotProperty(string name, string? clrType, FileSpan location)
        {
            Name = name;
            ClrType = clrType;
            Location = location;
        }

        public string Name { get; }

        /// <summary>The T of Property&lt;T&gt; as written (<c>int</c>, <c>DateTimeOffset?</c>, <c>Mood</c>, <c>List&lt;string&gt;</c>): the provider type when a value converter is configured.</summary>
        public string? ClrType { get; }

        public FileSpan Location { get; }

        public string? Column { get; set; }

        public string? ColumnType { get; set; }

        /// <summary>IsRequired() / IsRequired(false), or null when not called.</summary>
        public bool? IsRequired { get; set; }

        public int? MaxLength { get; set; }

        public int? Precision { get; set; }

        public int? Scale { get; set; }

        /// <summary>Mapped to a table other than its entity's (SplitToTable): not compared with the entity's table.</summary>
        public bool InOtherTable { get; set; }

        /// <summary>The HiLo sequence it names (<c>UseHiLo("name", "schema")</c>, <c>Npgsql:HiLoSequenceName</c>), or null.</summary>
        public string? HiLoSequence { get; set; }

        public string? HiLoSchema { get; set; }

        /// <summary>HasDefaultValueSql's SQL, or null.</summary>
        public string? DefaultValueSql { get; set; }

        /// <summary>HasDefaultValue was called (<see cref="DefaultValue"/> is its argument, or null when not a literal the reader understands).</summary>
        public bool HasDefaultValue { get; set; }

        /// <summary>HasDefaultValue's literal argument (string, number, bool, char), or null.</summary>
        public object? DefaultValue { get; set; }

        /// <summary>HasComputedColumnSql's SQL, or null.</summary>
        public string? ComputedSql { get; set; }

        /// <summary>Generated by the database in a form whose SQL is not stated (Npgsql's IsGeneratedTsVectorColumn).</summary>
        public bool Computed { get; set; }

        /// <summary>
        /// How the database generates the value on insert, as the Npgsql calls say: <c>identity by default</c>,
        /// <c>identity always</c>, <c>serial</c>, <c>sequence</c> (HiLo or UseSequence: a sequence EF Core reads or a nextval default); null when none is said.
        /// </summary>
        public string? Generation { get; set; }
    }

    /// <summary>HasIndex("A", "B") (or HasIndex(new[] { "A" }, "Name")) and its chain.</summary>
    internal sealed class SnapshotIndex
    {
        public SnapshotIndex(ImmutableArray<string> properties, string? name, FileSpan location)
        {
            Properties = properties;
            Name = name;
            Location = location;
        }

        public ImmutableArray<string> Properties { get; }

        /// <summary>The index's name when HasIndex or HasDatabaseName gives it.</summary>
        public string? Name { get; set; }

        public bool Unique { get; set; }

        public string? Filter { get; set; }

        /// <summary>HasMethod's access method, or null (btree).</summary>
        public string? Method { get; set; }

        /// <summary>IncludeProperties, or null when not called.</summary>
        public ImmutableArray<string>? Include { get; set; }

        /// <summary>The index is on an expression of its properties (IsTsVectorExpressionIndex), which the database shows as that expression: not compared.</summary>
        public bool OnExpression { get; set; }

        public FileSpan Location { get; }
    }

    /// <summary>HasCheckConstraint("Name", "sql") inside ToTable's table builder.</summary>
    internal sealed class SnapshotCheck
    {
        public SnapshotCheck(string name, string sql, FileSpan location)
        {
            Name = name;
            Sql = sql;
            Location = location;
        }

        public string Name { get; }

        public string Sql { get; }

        public FileSpan Location { get; }
    }

    /// <summary>A relationship as the snapshot declares it on its dependent: <c>b.HasOne("Principal", "Nav").WithMany().HasForeignKey("FkId")</c>.</summary>
    internal sealed class SnapshotForeignKey
    {
        public SnapshotForeignKey(string principal, string? dependent, ImmutableArray<string> properties, ImmutableArray<string> principalKey, string? navigation, string? deleteBehavior, FileSpan location)
        {
            DeleteBehavior = deleteBehavior;
            Principal = principal;
            Dependent = dependent;
            Properties = properties;
            PrincipalKey = principalKey;
            Navigation = navigation;
            Location = location;
        }

        public string Principal { get; }

        /// <summary>The dependent's name when HasForeignKey names it (a one-to-one declared from either side), else null: the entity whose builder declares it.</summary>
        public string? Dependent { get; }

        public ImmutableArray<string> Properties { get; }

        /// <summary>HasPrincipalKey's properties; empty: the principal's primary key.</summary>
        public ImmutableArray<string> PrincipalKey { get; }

        public string? Navigation { get; }

        /// <summary>OnDelete's DeleteBehavior member name; null when not written (EF Core writes none for ClientSetNull, the default).</summary>
        public string? DeleteBehavior { get; }

        public FileSpan Location { get; }
    }
}
