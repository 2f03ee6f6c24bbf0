using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using System.Threading;
using DriftAnalyzers.Model;
using DriftAnalyzers.Tests.Infrastructure;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Model
{
    /// <summary>
    /// The analyzers see the model as EF Core itself builds it: varied contexts are compiled and loaded, EF Core builds their
    /// real model (context.Model: GetTableName, GetSchema, GetColumnName, GetColumnType), and for every entity and property
    /// the analyzers resolve the same table, column and type.
    /// </summary>
    public sealed class EfCoreAgreementTests
    {
        internal const string Source = """
            using System;
            using System.Collections.Generic;
            using System.ComponentModel.DataAnnotations;
            using System.ComponentModel.DataAnnotations.Schema;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            namespace Agreement;

            public enum Status { Active, Closed }

            // Conventions only: DbSet names, property names, a navigation with its FK property.
            public class Blog { public int Id { get; set; } public string Url { get; set; } = ""; public int? Rating { get; set; } public DateTime CreatedAt { get; set; } public List<Post> Posts { get; set; } = new(); public Address Address { get; set; } = new(); public Person? Curator { get; set; } }
            public class Person { public int Id { get; set; } public string Name { get; set; } = ""; }
            [Owned] public class Address { public string Street { get; set; } = ""; public string? City { get; set; } [Column("zip")] public string? Zip { get; set; } }
            public class Post { public int PostId { get; set; } public string Title { get; set; } = ""; public string? Content { get; set; } public int BlogId { get; set; } public Blog Blog { get; set; } = null!; public Status Status { get; set; } }
            public class BloggingContext : DbContext
            {
                public DbSet<Blog> Blogs => Set<Blog>();
                public DbSet<Post> Posts => Set<Post>();
                public DbSet<Person> People => Set<Person>();
                protected override void OnConfiguring(DbContextOptionsBuilder o) => o.UseNpgsql("Host=localhost;Database=blogging");
            }

            // Table-per-hierarchy: the derived types share the root's table.
            public abstract class Animal { public int Id { get; set; } public string Name { get; set; } = ""; }
            public class Dog : Animal { public string? Breed { get; set; } }
            public class Cat : Animal { public int Lives { get; set; } }
            public class ZooContext : DbContext
            {
                public DbSet<Animal> Animals => Set<Animal>();
                public DbSet<Dog> Dogs => Set<Dog>();
                public DbSet<Cat> Cats => Set<Cat>();
                protected override void OnConfiguring(DbContextOptionsBuilder o) => o.UseNpgsql("Host=localhost;Database=zoo");
                protected override void OnModelCreating(ModelBuilder b) => b.Entity<Animal>().HasDiscriminator<string>("kind").HasValue<Dog>("dog").HasValue<Cat>("cat");
            }

            // Table-per-type ([Table] on the derived type) and table-per-concrete-type (UseTpcMappingStrategy).
            public abstract class Vehicle { public int Id { get; set; } public int Wheels { get; set; } }
            [Table("cars")] public class Car : Vehicle { public int Doors { get; set; } }
            public abstract class Shape { public int Id { get; set; } public string Color { get; set; } = ""; }
            public class Circle : Shape { public double Radius { get; set; } }
            public class Square : Shape { public double Side { get; set; } }
            public class GarageContext : DbContext
            {
                public DbSet<Vehicle> Vehicles => Set<Vehicle>();
                public DbSet<Car> Cars => Set<Car>();
                public DbSet<Shape> Shapes => Set<Shape>();
                public DbSet<Circle> Circles => Set<Circle>();
                public DbSet<Square> Squares => Set<Square>();
                protected override void OnConfiguring(DbContextOptionsBuilder o) => o.UseNpgsql("Host=localhost;Database=garage");
                protected override void OnModelCreating(ModelBuilder b) => b.Entity<Shape>().UseTpcMappingStrategy();
            }

            // EFCore.NamingConventions' snake case, with explicit names left alone.
            public class ExpertProfile { public int Id { get; set; } public Guid UserId { get; set; } public string HTMLContent { get; set; } = ""; public DateTimeOffset LastSeenAt { get; set; } [Column("LegacyName")] public string? Legacy { get; set; } public Address HomeAddress { get; set; } = new(); public List<Phone> Phones { get; set; } = new(); }
            [Owned] public class Phone { public string Number { get; set; } = ""; public string? PhoneKind { get; set; } }
            [Table("UserAccounts")] public class UserAccount { public int Id { get; set; } public string EmailAddress { get; set; } = ""; public byte[] PasswordHash { get; set; } = Array.Empty<byte>(); }
            public class SnakeContext : DbContext
            {
                public DbSet<ExpertProfile> ExpertProfiles => Set<ExpertProfile>();
                public DbSet<UserAccount> Accounts => Set<UserAccount>();
                protected override void OnConfiguring(DbContextOptionsBuilder o) => o.UseNpgsql("Host=localhost;Database=snake").UseSnakeCaseNamingConvention();
            }

            // Data annotations.
            [Table("orders", Schema = "sales")]
            public class Order
            {
                [Key] public int OrderNumber { get; set; }
                [Column("total_amount", TypeName = "numeric(12,2)")] public decimal Total { get; set; }
                [NotMapped] public string Display { get; set; } = "";
                public Status Status { get; set; }
                public List<string> Tags { get; set; } = new();
                public DateOnly Day { get; set; }
                public TimeSpan Duration { get; set; }
            }
            [Table("order_lines", Schema = "sales")] public class OrderLine { public long Id { get; set; } public int OrderNumber { get; set; } [Column("qty")] public short Quantity { get; set; } public double Weight { get; set; } public float Ratio { get; set; } public bool Gift { get; set; } }
            public class AnnotatedContext : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
                public DbSet<OrderLine> Lines => Set<OrderLine>();
                protected override void OnConfiguring(DbContextOptionsBuilder o) => o.UseNpgsql("Host=localhost;Database=annotated");
            }

            // The fluent API, over annotations, in OnModelCreating and in an applied configuration class.
            public class Customer { public int Id { get; set; } public string Name { get; set; } = ""; public string Temp { get; set; } = ""; [Column("annotated_code")] public string Code { get; set; } = ""; public List<Note> Notes { get; set; } = new(); }
            public class Note { public string Text { get; set; } = ""; public DateTime At { get; set; } }
            [Table("ignored_by_fluent")] public class Invoice { public int Id { get; set; } public Status Kind { get; set; } public decimal Amount { get; set; } }
            public class Product { public int Id { get; set; } public string Sku { get; set; } = ""; public Guid ExternalId { get; set; } }
            public class ProductConfiguration : IEntityTypeConfiguration<Product>
            {
                public void Configure(EntityTypeBuilder<Product> builder)
                {
                    builder.ToTable("products");
                    builder.Property(p => p.Sku).HasColumnName("sku_code");
                    builder.Property(p => p.ExternalId).HasColumnType("text").HasConversion<string>();
                }
            }
            // Configuration classes an entity names itself: applied as it joins the model, before OnModelCreating, which overrides them.
            [EntityTypeConfiguration(typeof(ShipmentConfiguration))] public class Shipment { public int Id { get; set; } public string Tracking { get; set; } = ""; public Guid Carrier { get; set; } }
            public class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
            {
                public void Configure(EntityTypeBuilder<Shipment> builder)
                {
                    builder.ToTable("shipments_by_attribute");
                    builder.Property(s => s.Tracking).HasColumnName("tracking_code");
                    builder.Property(s => s.Carrier).HasColumnName("carrier_by_attribute");
                }
            }
            [EntityTypeConfiguration<ParcelConfiguration, Parcel>] public class Parcel { public int Id { get; set; } public decimal Weight { get; set; } }
            public class ParcelConfiguration : IEntityTypeConfiguration<Parcel>
            {
                public void Configure(EntityTypeBuilder<Parcel> builder)
                {
                    builder.ToTable("parcels");
                    builder.Property(p => p.Weight).HasColumnName("weight_kg").HasColumnType("numeric(8,3)");
                }
            }
            public class FluentContext : DbContext
            {
                private const string InvoiceTable = "invoices";
                public DbSet<Customer> Customers => Set<Customer>();
                public DbSet<Invoice> Invoices => Set<Invoice>();
                public DbSet<Product> Products => Set<Product>();
                public DbSet<Shipment> Shipments => Set<Shipment>();
                public DbSet<Parcel> Parcels => Set<Parcel>();
                protected override void OnConfiguring(DbContextOptionsBuilder o) => o.UseNpgsql("Host=localhost;Database=fluent");
                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    modelBuilder.HasDefaultSchema("app");
                    modelBuilder.Entity<Customer>(b =>
                    {
                        b.ToTable("customers");
                        b.Property(c => c.Name).HasColumnName("full_name").HasColumnType("character varying(200)");
                        b.Property(c => c.Code).HasColumnName("fluent_code");
                        b.Ignore(c => c.Temp);
                        b.OwnsMany(c => c.Notes);
                    });
                    modelBuilder.Entity<Invoice>().ToTable(InvoiceTable, "billing");
                    modelBuilder.Entity<Invoice>().Property(i => i.Kind).HasConversion<string>();
                    modelBuilder.ApplyConfiguration(new ProductConfiguration());
                    modelBuilder.Entity<Shipment>().ToTable("shipments");
                    modelBuilder.Entity<Shipment>().Property(s => s.Carrier).HasColumnName("carrier_id");
                }
            }
            """;

        private static (List<DbContext> Contexts, Compilation Compilation) Load()
        {
            var compilation = CSharpCompilation.Create(
                "Agreement" + Guid.NewGuid().ToString("N"),
                new[] { CSharpSyntaxTree.ParseText(Source, new CSharpParseOptions(LanguageVersion.Latest), path: "/Agreement.cs") },
                References.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            using var stream = new MemoryStream();
            var emit = compilation.Emit(stream);
            Assert.That(emit.Success, Is.True, string.Join("\n", emit.Diagnostics));
            stream.Position = 0;
            var assembly = AssemblyLoadContext.Default.LoadFromStream(stream);
            var contexts = assembly.GetTypes().Where(t => typeof(DbContext).IsAssignableFrom(t)).OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => (DbContext)Activator.CreateInstance(t)!).ToList();
            return (contexts, compilation);
        }

        [Test]
        public void The_analyzers_resolve_the_tables_columns_and_types_EF_Core_resolves()
        {
            var (contexts, compilation) = Load();
            var model = EntityModelBuilder.Build(compilation, EmptyOptions.Instance, CancellationToken.None);
            var mismatches = new List<string>();
            int entities = 0, propertyCount = 0;
            foreach (var context in contexts)
            {
                foreach (var ownedType in context.Model.GetEntityTypes().Where(e => e.IsOwned()))
                {
                    // Owned types (table splitting): their columns are in the owner's table, prefixed with the navigation.
                    var ownership = ownedType.FindOwnership()!;
                    var owner = model.Entities.Values.Single(e => e.TypeKey == "global::" + ownership.PrincipalEntityType.ClrType.FullName);
                    var ownedStore = StoreObjectIdentifier.Table(ownedType.GetTableName()!, ownedType.GetSchema());
                    if (!ownership.IsUnique)
                    {
                        // Owned collections: a table of their own.
                        var collection = model.OwnedCollections.SingleOrDefault(c => c.TypeKey == "global::" + ownedType.ClrType.FullName && c.Context?.Name == context.GetType().Name);
                        if (collection == null || collection.Table != ownedType.GetTableName() || collection.Schema != (ownedType.GetSchema() ?? "public"))
                        {
                            mismatches.Add(ownedType.ClrType.Name + ": owned collection table " + ownedType.GetSchema() + "." + ownedType.GetTableName() + " in EF Core, " + (collection == null ? "nothing" : collection.Schema + "." + collection.Table) + " in the analyzers");
                            continue;
                        }

                        foreach (var property in ownedType.GetProperties().Where(p => !p.IsShadowProperty()))
                        {
                            propertyCount++;
                            var mapped = collection.Properties.SingleOrDefault(p => p.Name == property.Name);
                            if (mapped == null || mapped.Column != property.GetColumnName(ownedStore))
                            {
                                mismatches.Add(ownedType.ClrType.Name + "." + property.Name + ": column " + property.GetColumnName(ownedStore) + " in EF Core, " + (mapped?.Column ?? "nothing") + " in the analyzers");
                            }
                        }

                        continue;
                    }

                    foreach (var property in ownedType.GetProperties().Where(p => !p.IsShadowProperty() && !p.IsKey()))
                    {
                        string name = ownership.PrincipalToDependent!.Name + "." + property.Name;
                        var mapped = owner.Properties.SingleOrDefault(p => p.Name == name);
                        propertyCount++;
                        if (mapped == null || mapped.Column != property.GetColumnName(ownedStore) || ownedType.GetTableName() != owner.Table)
                        {
                            mismatches.Add(owner.Name + "." + name + ": column " + ownedType.GetTableName() + "." + property.GetColumnName(ownedStore) + " in EF Core, " + (mapped == null ? "nothing" : owner.Table + "." + mapped.Column) + " in the analyzers");
                        }
                    }
                }

                foreach (var entityType in context.Model.GetEntityTypes().Where(e => !e.IsOwned()))
                {
                    var ours = model.Entities.Values.SingleOrDefault(e => e.TypeKey == "global::" + entityType.ClrType.FullName);
                    if (ours == null)
                    {
                        mismatches.Add(entityType.ClrType.Name + ": EF Core maps it, the analyzers do not see it");
                        continue;
                    }

                    entities++;
                    Assert.That(ours.NotAnalyzedReason, Is.Null, entityType.ClrType.Name);
                    if (entityType.GetTableName() == null)
                    {
                        // An abstract root of a table-per-concrete-type hierarchy has no table.
                        Assert.That(ours.HasNoTable, Is.True, entityType.ClrType.Name);
                        continue;
                    }

                    string table = entityType.GetTableName()!;
                    string schema = entityType.GetSchema() ?? "public";
                    if (ours.Table != table || ours.Schema != schema)
                    {
                        mismatches.Add(entityType.ClrType.Name + ": table " + schema + "." + table + " in EF Core, " + ours.Schema + "." + ours.Table + " in the analyzers");
                    }

                    var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
                    // A derived type of a hierarchy is compared on what it declares; its base checks the rest.
                    var properties = entityType.BaseType == null ? entityType.GetProperties() : entityType.GetDeclaredProperties();
                    foreach (var property in properties.Where(p => !p.IsShadowProperty()))
                    {
                        var mapped = ours.Properties.SingleOrDefault(p => p.Name == property.Name);
                        if (mapped == null)
                        {
                            mismatches.Add(entityType.ClrType.Name + "." + property.Name + ": EF Core maps it, the analyzers do not");
                            continue;
                        }

                        propertyCount++;
                        string column = property.GetColumnName(store)!;
                        if (mapped.Column != column)
                        {
                            mismatches.Add(entityType.ClrType.Name + "." + property.Name + ": column " + column + " in EF Core, " + mapped.Column + " in the analyzers");
                        }

                        var efType = PostgresType.Parse(property.GetColumnType(store));
                        var ourType = PostgresType.Parse(mapped.DeclaredStoreType ?? TypeCompatibility.DefaultStoreType(mapped.ClrType));
                        if (efType.Kind != ourType.Kind || efType.ArrayRank != ourType.ArrayRank)
                        {
                            mismatches.Add(entityType.ClrType.Name + "." + property.Name + ": type " + property.GetColumnType(store) + " in EF Core, " + ourType.Text + " in the analyzers");
                        }
                    }

                    // Shadow foreign keys EF Core creates by convention: the analyzers add the same column.
                    foreach (var shadow in entityType.GetDeclaredProperties().Where(p => p.IsShadowProperty() && p.IsForeignKey()))
                    {
                        propertyCount++;
                        string column = shadow.GetColumnName(store)!;
                        var mapped = ours.Properties.SingleOrDefault(p => p.Name == shadow.Name + " (shadow foreign key)");
                        if (mapped == null || mapped.Column != column || PostgresType.Parse(shadow.GetColumnType(store)).Kind != PostgresType.Parse(TypeCompatibility.DefaultStoreType(mapped.ClrType)).Kind)
                        {
                            mismatches.Add(entityType.ClrType.Name + "." + shadow.Name + ": shadow foreign key " + column + " " + shadow.GetColumnType(store) + " in EF Core, " + (mapped == null ? "nothing" : mapped.Column) + " in the analyzers");
                        }
                    }

                    foreach (var extra in ours.Properties.Where(p => !p.Name.Contains('.', StringComparison.Ordinal) && !p.Name.EndsWith("(shadow foreign key)", StringComparison.Ordinal) && entityType.FindProperty(p.Name) == null))
                    {
                        mismatches.Add(entityType.ClrType.Name + "." + extra.Name + ": the analyzers map it, EF Core does not");
                    }
                }

                context.Dispose();
            }

            Assert.That(mismatches, Is.Empty);
            Assert.That(entities, Is.EqualTo(20));
            Assert.That(propertyCount, Is.EqualTo(65));
        }
    }
}
