using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DriftAnalyzers.Model;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Model
{
    /// <summary>
    /// Where a context has migrations, the analyzers read its model from the model snapshot EF Core wrote. Every context of
    /// the agreement corpus and of code written as real projects write it (ASP.NET Core Identity, composite keys, helper
    /// methods that rename in loops, derived contexts, a one-to-one keyed by the dependent's key, many-to-many, JSON and
    /// owned types, TPH/TPT/TPC) gets its snapshot from EF Core's own design-time services; for every entity and property
    /// the analyzers resolve the table, column, column type, nullability and primary key that context.Model resolves.
    /// </summary>
    public sealed class MigrationsAgreementTests
    {
        internal const string RealWorld = """
            using System;
            using System.Collections.Generic;
            using System.ComponentModel.DataAnnotations;
            using System.ComponentModel.DataAnnotations.Schema;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            namespace RealWorld.Data
            {
                public enum Visibility { Public, Private }
                public class ApplicationUser : IdentityUser { public string? DisplayName { get; set; } public DateTimeOffset JoinedAt { get; set; } }
                public class Organization { public Guid Id { get; set; } public string Name { get; set; } = ""; public List<Membership> Members { get; set; } = new(); }
                public class Membership
                {
                    public Guid? OrganizationId { get; set; }
                    public string? UserId { get; set; }
                    public string Role { get; set; } = "";
                    public Organization? Organization { get; set; }
                }
                public class Profile
                {
                    [Key, ForeignKey(nameof(Owner))] public string Id { get; set; } = "";
                    public ApplicationUser Owner { get; set; } = null!;
                    public string Bio { get; set; } = "";
                    public List<string> Scopes { get; set; } = new();
                    public Settings Settings { get; set; } = new();
                }
                public class Settings { public bool Dark { get; set; } public string? Locale { get; set; } }
                public class Post { public long Id { get; set; } public string Title { get; set; } = ""; public Visibility Visibility { get; set; } public List<Tag> Tags { get; set; } = new(); public Address? Origin { get; set; } public DateTime CreatedAt { get; set; } }
                public class Tag { public int Id { get; set; } public string Label { get; set; } = ""; public List<Post> Posts { get; set; } = new(); }
                [Owned] public class Address { public string Street { get; set; } = ""; public string? City { get; set; } }
                public abstract class Payment { public int Id { get; set; } public decimal Amount { get; set; } }
                public class CardPayment : Payment { public string Last4 { get; set; } = ""; }
                public class WirePayment : Payment { public string Iban { get; set; } = ""; }
                public abstract class Document { public int Id { get; set; } public string Title { get; set; } = ""; }
                public class Invoice : Document { public decimal Total { get; set; } }
                public class Receipt : Document { public DateOnly IssuedOn { get; set; } }

                public class ApplicationDbContext : IdentityDbContext<ApplicationUser>
                {
                    public DbSet<Organization> Organizations => Set<Organization>();
                    public DbSet<Membership> Memberships => Set<Membership>();
                    public DbSet<Profile> Profiles => Set<Profile>();
                    public DbSet<Post> Posts => Set<Post>();
                    public DbSet<Tag> Tags => Set<Tag>();
                    public DbSet<Payment> Payments => Set<Payment>();
                    public DbSet<Document> Documents => Set<Document>();
                    public DbSet<Invoice> Invoices => Set<Invoice>();
                    public DbSet<CardPayment> CardPayments => Set<CardPayment>();
                    public DbSet<WirePayment> WirePayments => Set<WirePayment>();

                    protected override void OnConfiguring(DbContextOptionsBuilder o) => o.UseNpgsql("Host=localhost;Database=realworld");

                    protected override void OnModelCreating(ModelBuilder builder)
                    {
                        base.OnModelCreating(builder);
                        builder.Entity<Membership>().HasKey(m => new { m.OrganizationId, m.UserId });
                        builder.Entity<Post>().Property(p => p.Visibility).HasConversion<string>().HasMaxLength(16);
                        builder.Entity<Profile>().OwnsOne(p => p.Settings, s => s.ToJson());
                        builder.Entity<Profile>().Property(p => p.Scopes).HasJsonColumn();
                        builder.Entity<Payment>().UseTptMappingStrategy();
                        builder.Entity<Document>().UseTpcMappingStrategy();
                        ModelConventions.FixSnakeCaseNames(builder);
                        foreach (var entity in builder.Model.GetEntityTypes())
                        {
                            foreach (var property in entity.GetProperties())
                            {
                                if (property.Name == "CreatedAt")
                                {
                                    property.SetDefaultValueSql("now()");
                                }
                            }
                        }
                    }
                }

                public static class ModelConventions
                {
                    public static PropertyBuilder<List<string>> HasJsonColumn(this PropertyBuilder<List<string>> builder) => builder.HasColumnType("jsonb");

                    public static void FixSnakeCaseNames(ModelBuilder builder)
                    {
                        foreach (var entity in builder.Model.GetEntityTypes())
                        {
                            if (entity.IsOwned())
                            {
                                continue;
                            }

                            if (entity.GetTableName() is { } table && !entity.ClrType.IsAbstract && !table.StartsWith("AspNet", StringComparison.Ordinal))
                            {
                                entity.SetTableName(Snake(table));
                            }

                            foreach (var property in entity.GetProperties())
                            {
                                if (!property.DeclaringType.ClrType.Namespace!.StartsWith("Microsoft", StringComparison.Ordinal))
                                {
                                    property.SetColumnName(Snake(property.Name));
                                }
                            }
                        }
                    }

                    private static string Snake(string name)
                    {
                        var result = new System.Text.StringBuilder();
                        for (int i = 0; i < name.Length; i++)
                        {
                            if (char.IsUpper(name[i]) && i > 0) result.Append('_');
                            result.Append(char.ToLowerInvariant(name[i]));
                        }

                        return result.ToString();
                    }
                }

                // A read model over the same database, derived from the application's context.
                public class ReportingDbContext : ApplicationDbContext
                {
                    public DbSet<Receipt> Receipts => Set<Receipt>();
                }
            }
            """;

        [Test]
        public void The_model_snapshot_reading_resolves_what_EF_Core_resolves_for_every_entity_and_property()
        {
            var loaded = ModelSnapshots.Load(("/Agreement.cs", EfCoreAgreementTests.Source), ("/RealWorld.cs", RealWorld));
            var compilation = ModelSnapshots.WithSnapshots(loaded);
            var model = EntityModelBuilder.Build(compilation, EmptyOptions.Instance, CancellationToken.None);
            var mismatches = new List<string>();
            int entities = 0, properties = 0;
            foreach (var context in loaded.Contexts)
            {
                string contextName = context.GetType().Name;
                // An entity type in two contexts' models (a derived context) is mapped once, from the first snapshot that lists it.
                var ours = model.Entities.Values.Concat(model.OwnedCollections)
                    .Where(e => e.FromMigrations != null)
                    .OrderBy(e => e.FromMigrations!.FileName == contextName + "ModelSnapshot.cs" ? 0 : 1)
                    .ToList();
                foreach (var entityType in context.Model.GetEntityTypes())
                {
                    if (entityType.IsOwned() && entityType.GetTableName() == entityType.FindOwnership()!.PrincipalEntityType.GetTableName() && !entityType.IsMappedToJson())
                    {
                        properties += CompareTableSplit(entityType, ours, mismatches);
                        continue;
                    }

                    if (entityType.IsMappedToJson())
                    {
                        continue;
                    }

                    var mapping = ours.FirstOrDefault(e => e.MigrationsName == entityType.Name)
                        ?? ours.FirstOrDefault(e => entityType.IsOwned() && e.Table == entityType.GetTableName());
                    if (mapping == null)
                    {
                        mismatches.Add(contextName + ": " + entityType.Name + " is in EF Core's model, not in the analyzers'");
                        continue;
                    }

                    entities++;
                    properties += Compare(entityType, mapping, mismatches);
                }
            }

            TestContext.Out.WriteLine(loaded.Contexts.Count + " contexts, " + entities + " entity types, " + properties + " properties compared");
            Assert.That(mismatches, Is.Empty, string.Join("\n", mismatches));
            Assert.That(entities, Is.GreaterThanOrEqualTo(45), "entities compared");
            Assert.That(properties, Is.GreaterThanOrEqualTo(200), "properties compared");
        }

        private static int Compare(IEntityType entityType, EntityMapping mapping, List<string> mismatches)
        {
            string name = entityType.Name;
            if (mapping.NotAnalyzedReason != null)
            {
                mismatches.Add(name + ": not analyzed (" + mapping.NotAnalyzedReason + ")");
                return 0;
            }

            var table = entityType.GetTableName();
            if (table == null)
            {
                if (!mapping.HasNoTable && !mapping.IsView)
                {
                    mismatches.Add(name + ": no table in EF Core, " + mapping.Schema + "." + mapping.Table + " in the analyzers");
                }

                return 0;
            }

            string schema = entityType.GetSchema() ?? "public";
            if (mapping.Table != table || mapping.Schema != schema)
            {
                mismatches.Add(name + ": table " + schema + "." + table + " in EF Core, " + mapping.Schema + "." + mapping.Table + " in the analyzers");
            }

            var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
            int compared = 0;
            foreach (var property in entityType.GetProperties())
            {
                if (property.GetColumnName(store) is not { } column)
                {
                    continue;
                }

                var ours = mapping.Properties.FirstOrDefault(p => p.Property.Name == property.Name && (entityType.IsOwned() || !p.Name.Contains('.', StringComparison.Ordinal)));
                bool inheritedInSharedTable = entityType.BaseType != null && entityType.GetMappingStrategy() is null or RelationalAnnotationNames.TphMappingStrategy
                    && property.DeclaringType != entityType;
                if (ours == null)
                {
                    if (!inheritedInSharedTable && !(entityType.BaseType != null && entityType.GetMappingStrategy() == RelationalAnnotationNames.TptMappingStrategy && property.DeclaringType != entityType && !property.IsPrimaryKey()))
                    {
                        mismatches.Add(name + "." + property.Name + ": column " + column + " in EF Core, nothing in the analyzers");
                    }

                    continue;
                }

                compared++;
                if (ours.Column != column)
                {
                    mismatches.Add(name + "." + property.Name + ": column " + column + " in EF Core, " + ours.Column + " in the analyzers");
                }

                if (ours.MigrationsStoreType != property.GetColumnType(store))
                {
                    mismatches.Add(name + "." + property.Name + ": type " + property.GetColumnType(store) + " in EF Core, " + ours.MigrationsStoreType + " in the analyzers");
                }

                bool nullable = property.IsColumnNullable(store);
                bool isKey = mapping.KeyProperties.Contains(ours);
                bool? required = isKey ? true : ours.Required;
                if (required == nullable || (required == null && !nullable))
                {
                    mismatches.Add(name + "." + property.Name + ": " + (nullable ? "nullable" : "NOT NULL") + " in EF Core, required " + (required?.ToString() ?? "unknown") + " in the analyzers");
                }
            }

            if (entityType.BaseType == null && entityType.FindPrimaryKey() is { } key)
            {
                var expected = key.Properties.Select(p => p.Name).ToArray();
                var actual = mapping.KeyProperties.Select(p => p.Property.Name).ToArray();
                if (!expected.SequenceEqual(actual))
                {
                    mismatches.Add(name + ": key (" + string.Join(", ", expected) + ") in EF Core, (" + string.Join(", ", actual) + ") in the analyzers");
                }
            }

            return compared;
        }

        /// <summary>An owned type in its owner's table: its columns are among the owner's, as Navigation.Property.</summary>
        private static int CompareTableSplit(IEntityType ownedType, List<EntityMapping> ours, List<string> mismatches)
        {
            var ownership = ownedType.FindOwnership()!;
            var owner = ours.FirstOrDefault(e => e.MigrationsName == ownership.PrincipalEntityType.Name);
            if (owner == null)
            {
                mismatches.Add(ownedType.Name + ": its owner " + ownership.PrincipalEntityType.Name + " is not in the analyzers' model");
                return 0;
            }

            var store = StoreObjectIdentifier.Table(ownedType.GetTableName()!, ownedType.GetSchema());
            int compared = 0;
            foreach (var property in ownedType.GetProperties().Where(p => !p.IsPrimaryKey()))
            {
                string display = ownership.PrincipalToDependent!.Name + "." + property.Name;
                var mapped = owner.Properties.FirstOrDefault(p => p.Name.EndsWith(display, StringComparison.Ordinal));
                compared++;
                if (mapped == null || mapped.Column != property.GetColumnName(store) || mapped.MigrationsStoreType != property.GetColumnType(store))
                {
                    mismatches.Add(ownedType.Name + "." + property.Name + ": column " + property.GetColumnName(store) + " " + property.GetColumnType(store) + " in EF Core, "
                        + (mapped == null ? "nothing" : mapped.Column + " " + mapped.MigrationsStoreType) + " in the analyzers");
                }
            }

            return compared;
        }
    }
}
