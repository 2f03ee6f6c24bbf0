using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DriftAnalyzers.Benchmarks
{
    /// <summary>
    /// A realistic EF Core project of N entities: 15 properties each (strings, numbers, dates, a Guid, an array), a parent
    /// navigation and an owner navigation with their FKs, a collection navigation, one configuration class in ten (ToTable,
    /// HasColumnName, HasMaxLength), snake_case naming; and the snapshot of its database, with drift in one entity in fifty.
    /// </summary>
    internal static class ProjectGenerator
    {
        public static string Entity(int i) => "Entity" + i.ToString("D5", CultureInfo.InvariantCulture);

        public static List<(string Path, string Text)> Sources(int n)
        {
            var sources = new List<(string, string)>();
            var context = new StringBuilder("using Microsoft.EntityFrameworkCore;\n\nnamespace Bench;\n\npublic class BenchContext : DbContext\n{\n");
            for (int i = 1; i <= n; i++)
            {
                context.Append(CultureInfo.InvariantCulture, $"    public DbSet<{Entity(i)}> {Entity(i)}s => Set<{Entity(i)}>();\n");
                sources.Add(("/src/Entities/" + Entity(i) + ".cs", EntitySource(i)));
                if (i % 10 == 0)
                {
                    sources.Add(("/src/Configurations/" + Entity(i) + "Configuration.cs", ConfigurationSource(i)));
                }
            }

            context.Append("\n    protected override void OnConfiguring(DbContextOptionsBuilder options)\n        => options.UseNpgsql(\"Host=localhost;Database=bench\").UseSnakeCaseNamingConvention();\n\n");
            context.Append("    protected override void OnModelCreating(ModelBuilder modelBuilder)\n        => modelBuilder.ApplyConfigurationsFromAssembly(typeof(BenchContext).Assembly);\n}\n");
            sources.Add(("/src/BenchContext.cs", context.ToString()));
            return sources;
        }

        private static string EntitySource(int i)
        {
            string name = Entity(i);
            string parent = Entity(i > 1 ? i - 1 : 1);
            // One entity in fifty drifts: a Guid where the column is an integer.
            string ownerType = i % 50 == 0 ? "Guid" : "int";
            return $$"""
                using System;
                using System.Collections.Generic;
                using System.ComponentModel.DataAnnotations;

                namespace Bench;

                public class {{name}}
                {
                    public int Id { get; set; }
                    [MaxLength(200)] public string Name { get; set; } = "";
                    public string? Description { get; set; }
                    public decimal Amount { get; set; }
                    public DateTime CreatedAt { get; set; }
                    public DateTime? UpdatedAt { get; set; }
                    public bool IsActive { get; set; }
                    public int Count { get; set; }
                    public double Ratio { get; set; }
                    public string Code { get; set; } = "";
                    public Guid ExternalId { get; set; }
                    public string[] Tags { get; set; } = Array.Empty<string>();
                    public int? ParentId { get; set; }
                    public {{parent}}? Parent { get; set; }
                    public {{ownerType}} OwnerId { get; set; }
                    public Entity00001 Owner { get; set; } = null!;
                    public List<{{name}}> Children { get; set; } = new();
                }
                """;
        }

        private static string ConfigurationSource(int i)
        {
            string name = Entity(i);
            return $$"""
                using Microsoft.EntityFrameworkCore;
                using Microsoft.EntityFrameworkCore.Metadata.Builders;

                namespace Bench;

                public class {{name}}Configuration : IEntityTypeConfiguration<{{name}}>
                {
                    public void Configure(EntityTypeBuilder<{{name}}> builder)
                    {
                        builder.ToTable("{{name.ToLowerInvariant()}}_records");
                        builder.Property(e => e.Code).HasColumnName("record_code").HasMaxLength(20);
                    }
                }
                """;
        }

        /// <summary>The table of entity i: its configuration class names one in ten, snake_case the others.</summary>
        private static string TableName(int i) => i % 10 == 0 ? Entity(i).ToLowerInvariant() + "_records" : "entity" + i.ToString("D5", CultureInfo.InvariantCulture) + "s";

        public static string Snapshot(int n)
        {
            var b = new StringBuilder("{\n  \"format\": \"drift-schema-snapshot\",\n  \"version\": 1,\n  \"database\": \"bench\",\n  \"serverVersion\": \"15\",\n  \"filter\": { \"schemas\": [], \"excludeTables\": [] },\n  \"tables\": [\n");
            var tables = new List<(string Name, string Text)>();
            for (int i = 1; i <= n; i++)
            {
                string name = Entity(i);
                string table = TableName(i);
                string code = i % 10 == 0 ? "record_code" : "code";
                string codeType = i % 10 == 0 ? "character varying(20)" : "text";
                var t = new StringBuilder();
                t.Append("    {\n      \"schema\": \"public\",\n      \"name\": \"").Append(table).Append("\",\n      \"kind\": \"table\",\n      \"columns\": [\n");
                string[] columns =
                {
                    "{ \"name\": \"id\", \"type\": \"integer\", \"nullable\": false, \"identity\": \"by default\" }",
                    "{ \"name\": \"name\", \"type\": \"character varying(200)\", \"nullable\": false }",
                    "{ \"name\": \"description\", \"type\": \"text\", \"nullable\": true }",
                    "{ \"name\": \"amount\", \"type\": \"numeric\", \"nullable\": false }",
                    "{ \"name\": \"created_at\", \"type\": \"timestamp with time zone\", \"nullable\": false }",
                    "{ \"name\": \"updated_at\", \"type\": \"timestamp with time zone\", \"nullable\": true }",
                    "{ \"name\": \"is_active\", \"type\": \"boolean\", \"nullable\": false }",
                    "{ \"name\": \"count\", \"type\": \"integer\", \"nullable\": false }",
                    "{ \"name\": \"ratio\", \"type\": \"double precision\", \"nullable\": false }",
                    "{ \"name\": \"" + code + "\", \"type\": \"" + codeType + "\", \"nullable\": false }",
                    "{ \"name\": \"external_id\", \"type\": \"uuid\", \"nullable\": false }",
                    "{ \"name\": \"tags\", \"type\": \"text[]\", \"nullable\": false }",
                    "{ \"name\": \"parent_id\", \"type\": \"integer\", \"nullable\": true }",
                    "{ \"name\": \"owner_id\", \"type\": \"integer\", \"nullable\": false }",
                };
                t.Append("        ").Append(string.Join(",\n        ", columns)).Append('\n');
                t.Append("      ],\n      \"primaryKey\": { \"name\": \"pk_").Append(table).Append("\", \"columns\": [\"id\"] },\n      \"foreignKeys\": [\n");
                t.Append("        { \"name\": \"fk_").Append(table).Append("_owner\", \"columns\": [\"owner_id\"], \"referencedSchema\": \"public\", \"referencedTable\": \"entity00001s\", \"referencedColumns\": [\"id\"], \"onDelete\": \"cascade\", \"onUpdate\": \"no action\" },\n");
                t.Append("        { \"name\": \"fk_").Append(table).Append("_parent\", \"columns\": [\"parent_id\"], \"referencedSchema\": \"public\", \"referencedTable\": \"").Append(TableName(i > 1 ? i - 1 : 1)).Append("\", \"referencedColumns\": [\"id\"], \"onDelete\": \"no action\", \"onUpdate\": \"no action\" }\n");
                t.Append("      ],\n      \"uniqueConstraints\": [],\n      \"checkConstraints\": [],\n      \"indexes\": []\n    }");
                tables.Add((table, t.ToString()));
            }

            tables.Sort((a, c) => string.CompareOrdinal(a.Name, c.Name));
            for (int i = 0; i < tables.Count; i++)
            {
                b.Append(tables[i].Text).Append(i < tables.Count - 1 ? ",\n" : "\n");
            }

            b.Append("  ],\n  \"views\": [],\n  \"enums\": [],\n  \"domains\": []\n}\n");
            return b.ToString();
        }
    }
}
