using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using System.Text;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>
    /// DRIFT014 agrees with EF Core's own pending-changes check. A base model (conventions, data annotations, the fluent API
    /// with a helper, a shadow property, an owned type, a table-per-hierarchy, a one-to-one keyed by its foreign key, a
    /// snake_case context and an ASP.NET Core Identity context) is compiled, and EF Core's design-time services write each
    /// context's model snapshot, as <c>dotnet ef migrations add</c> does. Then each edit of the code (alone, and a few
    /// combined) is compiled with those snapshots: EF Core's <c>context.Database.HasPendingModelChanges()</c> gives its
    /// verdict, DRIFT014 the analyzer's, context by context. They agree on every edit but the few listed in
    /// <see cref="Silent"/>, where EF Core sees a change outside DRIFT014's scope. docs/rules/DRIFT014.md holds the table of
    /// edits and verdicts these results write (set DRIFT_UPDATE_DOCS=1 to rewrite it).
    /// </summary>
    public sealed class PendingModelChangeAgreementTests
    {
        internal const string Base = """
            using System;
            using System.Collections.Generic;
            using System.ComponentModel.DataAnnotations;
            using System.ComponentModel.DataAnnotations.Schema;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Metadata.Builders;

            namespace Shop
            {
                public enum Status { Draft, Published }

                public class Blog
                {
                    public int Id { get; set; }
                    public string Url { get; set; } = "";
                    public int? Rating { get; set; }
                    public DateTime CreatedAt { get; set; }
                    public List<Post> Posts { get; set; } = new();
                }

                // A post belongs to one blog.
                public class Post
                {
                    public int Id { get; set; }
                    [MaxLength(200)] public string Title { get; set; } = "";
                    public string? Content { get; set; }
                    [Precision(10, 2)] public decimal Price { get; set; }
                    public Status Status { get; set; }
                    public List<string> Tags { get; set; } = new();
                    public int BlogId { get; set; }
                    public Blog Blog { get; set; } = null!;
                    [Column("summary_text")] public string? Summary { get; set; }
                }

                public class Profile
                {
                    [Key, ForeignKey(nameof(Blog))] public int BlogId { get; set; }
                    public Blog Blog { get; set; } = null!;
                    public string? Bio { get; set; }
                }

                [Table("authors")]
                public class Author
                {
                    public int Id { get; set; }
                    public string Name { get; set; } = "";
                    public Guid ExternalId { get; set; }
                }

                public class Order
                {
                    public int Number { get; set; }
                    public string Customer { get; set; } = "";
                    public decimal Total { get; set; }
                    public string? Note { get; set; }
                    public Address ShipTo { get; set; } = new();
                }

                [Owned]
                public class Address
                {
                    public string Street { get; set; } = "";
                    public string? City { get; set; }
                }

                public abstract class Animal { public int Id { get; set; } public string Name { get; set; } = ""; }
                public class Dog : Animal { public string? Breed { get; set; } }
                public class Cat : Animal { public int Lives { get; set; } }

                public class ShopContext : DbContext
                {
                    public DbSet<Blog> Blogs => Set<Blog>();
                    public DbSet<Post> Posts => Set<Post>();
                    public DbSet<Profile> Profiles => Set<Profile>();
                    public DbSet<Author> Authors => Set<Author>();
                    public DbSet<Order> Orders => Set<Order>();
                    public DbSet<Animal> Animals => Set<Animal>();
                    public DbSet<Dog> Dogs => Set<Dog>();
                    public DbSet<Cat> Cats => Set<Cat>();

                    protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql("Host=localhost;Database=shop");

                    protected override void OnModelCreating(ModelBuilder modelBuilder)
                    {
                        modelBuilder.Entity<Order>(b =>
                        {
                            b.ToTable("orders", "sales");
                            b.HasKey(o => o.Number);
                            b.Property(o => o.Customer).HasMaxLength(100).IsRequired();
                            b.Property(o => o.Total).HasColumnType("numeric(12,2)");
                            ConfigureNote(b);
                        });
                        modelBuilder.Entity<Post>().Property<DateTime>("LastEdited");
                    }

                    private static void ConfigureNote(EntityTypeBuilder<Order> order) => order.Property(o => o.Note).HasColumnName("note_text");
                }

                public class Member
                {
                    public int Id { get; set; }
                    public string DisplayName { get; set; } = "";
                    public DateTimeOffset JoinedAt { get; set; }
                }

                public class SnakeContext : DbContext
                {
                    public DbSet<Member> Members => Set<Member>();

                    protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql("Host=localhost;Database=snake").UseSnakeCaseNamingConvention();
                }

                public class AppUser : IdentityUser
                {
                    public string? Nickname { get; set; }
                }

                public class AccountsContext : IdentityDbContext<AppUser>
                {
                    protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseNpgsql("Host=localhost;Database=accounts");
                }
            }
            """;

        /// <summary>An edit of <see cref="Base"/>: each replacement's text must occur exactly once.</summary>
        private sealed record Edit(string Description, params (string From, string To)[] Replacements);

        private const string AfterOrder = "                ConfigureNote(b);\n            });\n";

        private static readonly Edit[] Edits =
        {
            // Entities.
            new("a new entity with its DbSet (`Tag`, in the snake_case context)", ("public class Member\n", "public class Tag { public int Id { get; set; } public string Label { get; set; } = \"\"; }\n\n    public class Member\n"), ("public DbSet<Member> Members => Set<Member>();", "public DbSet<Member> Members => Set<Member>();\n        public DbSet<Tag> Tags => Set<Tag>();")),
            new("a new keyless entity with its DbSet (`[Keyless] Total`)", ("public class Member\n", "[Keyless] public class Total { public DateTime Day { get; set; } public long Count { get; set; } }\n\n    public class Member\n"), ("public DbSet<Member> Members => Set<Member>();", "public DbSet<Member> Members => Set<Member>();\n        public DbSet<Total> Totals => Set<Total>();")),
            new("a new entity configured in `OnModelCreating` only (`Entity<Coupon>().ToTable(\"coupons\")`)", ("public class Member\n", "public class Coupon { public int Id { get; set; } public string Code { get; set; } = \"\"; }\n\n    public class Member\n"), (AfterOrder, AfterOrder + "            modelBuilder.Entity<Coupon>().ToTable(\"coupons\");\n")),
            new("a new entity reached only through a navigation (`Blog.Comments`)", ("        public List<Post> Posts { get; set; } = new();\n    }", "        public List<Post> Posts { get; set; } = new();\n        public List<Comment> Comments { get; set; } = new();\n    }\n\n    public class Comment { public int Id { get; set; } public string Text { get; set; } = \"\"; }")),
            new("a new type in the table-per-hierarchy (`Parrot : Animal`, its DbSet)", ("    public class Cat : Animal", "    public class Parrot : Animal { public string? Word { get; set; } }\n    public class Cat : Animal"), ("public DbSet<Cat> Cats => Set<Cat>();", "public DbSet<Cat> Cats => Set<Cat>();\n        public DbSet<Parrot> Parrots => Set<Parrot>();")),
            new("an entity's DbSet removed (`Authors`; the class stays)", ("        public DbSet<Author> Authors => Set<Author>();\n", "")),
            new("an entity removed, DbSet and class", ("        public DbSet<Author> Authors => Set<Author>();\n", ""), ("    [Table(\"authors\")]\n    public class Author\n    {\n        public int Id { get; set; }\n        public string Name { get; set; } = \"\";\n        public Guid ExternalId { get; set; }\n    }\n", "")),
            new("an entity ignored (`modelBuilder.Ignore<Author>()`)", (AfterOrder, AfterOrder + "            modelBuilder.Ignore<Author>();\n")),

            // Tables and keys.
            new("`[Table(\"authors\")]` → `[Table(\"writers\")]`", ("[Table(\"authors\")]", "[Table(\"writers\")]")),
            new("`ToTable(\"orders\", \"sales\")` → `ToTable(\"purchase_orders\", \"sales\")`", ("ToTable(\"orders\", \"sales\")", "ToTable(\"purchase_orders\", \"sales\")")),
            new("schema `sales` → `billing` in `ToTable`", ("ToTable(\"orders\", \"sales\")", "ToTable(\"orders\", \"billing\")")),
            new("DbSet `Blogs` renamed `Weblogs` (the table's name by convention)", ("DbSet<Blog> Blogs", "DbSet<Blog> Weblogs")),
            new("`HasKey(o => o.Number)` → `HasKey(o => new { o.Number, o.Customer })`", ("HasKey(o => o.Number)", "HasKey(o => new { o.Number, o.Customer })")),
            new("`[Key]` on `Author.ExternalId` (was `Id` by convention)", ("public Guid ExternalId", "[Key] public Guid ExternalId")),

            // Properties added, removed, renamed.
            new("a property added (`string? Blog.Subtitle`)", ("        public int? Rating { get; set; }\n", "        public int? Rating { get; set; }\n        public string? Subtitle { get; set; }\n")),
            new("a property added to a derived type of the hierarchy (`bool Dog.Trained`)", ("public string? Breed { get; set; }", "public string? Breed { get; set; } public bool Trained { get; set; }")),
            new("a property added in the snake_case context (`Member.Bio`)", ("        public DateTimeOffset JoinedAt { get; set; }\n", "        public DateTimeOffset JoinedAt { get; set; }\n        public string? Bio { get; set; }\n")),
            new("a property added to Identity's user (`DateTime? AppUser.LastLogin`)", ("        public string? Nickname { get; set; }\n", "        public string? Nickname { get; set; }\n        public DateTime? LastLogin { get; set; }\n")),
            new("a property added to the owned type (`Address.Zip`)", ("        public string? City { get; set; }\n", "        public string? City { get; set; }\n        public string? Zip { get; set; }\n")),
            new("a property removed (`Post.Content`)", ("        public string? Content { get; set; }\n", "")),
            new("a property of the owned type removed (`Address.City`)", ("        public string? City { get; set; }\n", "")),
            new("a property marked `[NotMapped]` (`Blog.Rating`)", ("public int? Rating", "[NotMapped] public int? Rating")),
            new("a property ignored (`b.Ignore(o => o.Note)`)", ("            ConfigureNote(b);\n", "            ConfigureNote(b);\n                b.Ignore(o => o.Note);\n")),
            new("a property renamed in C# (`Author.Name` → `FullName`)", ("public string Name { get; set; } = \"\";\n        public Guid", "public string FullName { get; set; } = \"\";\n        public Guid")),
            new("a property renamed in C# in the snake_case context (`DisplayName` → `PublicName`)", ("public string DisplayName", "public string PublicName")),

            // Columns.
            new("`[Column(\"summary_text\")]` → `[Column(\"abstract\")]`", ("[Column(\"summary_text\")]", "[Column(\"abstract\")]")),
            new("`[Column(\"summary_text\")]` removed", ("[Column(\"summary_text\")] public", "public")),
            new("`HasColumnName(\"note_text\")` → `HasColumnName(\"remark\")` in the helper `ConfigureNote`", ("HasColumnName(\"note_text\")", "HasColumnName(\"remark\")")),

            // CLR types.
            new("`int? Rating` → `long? Rating`", ("public int? Rating", "public long? Rating")),
            new("`Guid ExternalId` → `string ExternalId`", ("public Guid ExternalId", "public string ExternalId")),
            new("`DateTime CreatedAt` → `DateOnly CreatedAt`", ("public DateTime CreatedAt", "public DateOnly CreatedAt")),
            new("`int Lives` → `short Lives` on a derived type of the hierarchy", ("public int Lives", "public short Lives")),
            new("`string? City` → `int? City` in the owned type", ("public string? City", "public int? City")),
            new("enum stored as text (`HasConversion<string>()` on `Post.Status`)", (AfterOrder, AfterOrder + "            modelBuilder.Entity<Post>().Property(p => p.Status).HasConversion<string>();\n")),

            // Nullability.
            new("`DateTime CreatedAt` → `DateTime? CreatedAt`", ("public DateTime CreatedAt", "public DateTime? CreatedAt")),
            new("`int? Rating` → `int Rating`", ("public int? Rating", "public int Rating")),
            new("`string Url` → `string? Url`", ("public string Url { get; set; } = \"\";", "public string? Url { get; set; }")),
            new("`string? Content` → `string Content`", ("public string? Content { get; set; }", "public string Content { get; set; } = \"\";")),
            new("`[Required]` on `string? Content`", ("public string? Content { get; set; }", "[Required] public string? Content { get; set; }")),
            new("`IsRequired(false)` on `Order.Customer`", ("            ConfigureNote(b);\n", "            ConfigureNote(b);\n                b.Property(o => o.Customer).IsRequired(false);\n")),
            new("`string? Nickname` → `string Nickname` on Identity's user", ("public string? Nickname { get; set; }", "public string Nickname { get; set; } = \"\";")),
            new("foreign key `int BlogId` → `int? BlogId`, navigation `Blog` kept non-nullable", ("public int BlogId { get; set; }\n        public Blog Blog { get; set; } = null!;\n        [Column", "public int? BlogId { get; set; }\n        public Blog Blog { get; set; } = null!;\n        [Column")),
            new("foreign key `int BlogId` → `int? BlogId`, navigation `Blog?`", ("public int BlogId { get; set; }\n        public Blog Blog { get; set; } = null!;\n        [Column", "public int? BlogId { get; set; }\n        public Blog? Blog { get; set; }\n        [Column")),

            // Lengths and precisions.
            new("`[MaxLength(200)]` → `[MaxLength(300)]`", ("[MaxLength(200)]", "[MaxLength(300)]")),
            new("`[MaxLength(200)]` removed", ("[MaxLength(200)] public", "public")),
            new("`[MaxLength(80)]` added on `Author.Name`", ("public string Name { get; set; } = \"\";\n        public Guid", "[MaxLength(80)] public string Name { get; set; } = \"\";\n        public Guid")),
            new("`[StringLength(500)]` added on `Blog.Url`", ("public string Url { get; set; } = \"\";", "[StringLength(500)] public string Url { get; set; } = \"\";")),
            new("`HasMaxLength(100)` → `HasMaxLength(150)`", ("HasMaxLength(100)", "HasMaxLength(150)")),
            new("`[MaxLength(120)]` added in the owned type (`Address.Street`)", ("public string Street { get; set; } = \"\";", "[MaxLength(120)] public string Street { get; set; } = \"\";")),
            new("`[Precision(10, 2)]` → `[Precision(12, 4)]`", ("[Precision(10, 2)]", "[Precision(12, 4)]")),
            new("`HasPrecision(14, 3)` over `[Precision(10, 2)]`", (AfterOrder, AfterOrder + "            modelBuilder.Entity<Post>().Property(p => p.Price).HasPrecision(14, 3);\n")),
            new("`HasColumnType(\"numeric(12,2)\")` → `HasColumnType(\"numeric(14,2)\")`", ("HasColumnType(\"numeric(12,2)\")", "HasColumnType(\"numeric(14,2)\")")),
            new("`[Column(TypeName = \"varchar(500)\")]` on `Blog.Url`", ("public string Url { get; set; } = \"\";", "[Column(TypeName = \"varchar(500)\")] public string Url { get; set; } = \"\";")),

            // Outside DRIFT014's scope (issue 19), and what it does not read.
            new("an index added (`[Index(nameof(Url))]` on `Blog`)", ("    public class Blog\n", "    [Index(nameof(Url))]\n    public class Blog\n")),
            new("a default value added (`HasDefaultValue(0m)` on `Order.Total`)", ("            ConfigureNote(b);\n", "            ConfigureNote(b);\n                b.Property(o => o.Total).HasDefaultValue(0m);\n")),
            new("`ConfigureConventions`: every string `HaveMaxLength(400)`", ("        protected override void OnModelCreating(ModelBuilder modelBuilder)\n", "        protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.Properties<string>().HaveMaxLength(400);\n\n        protected override void OnModelCreating(ModelBuilder modelBuilder)\n")),

            // No change for EF Core.
            new("a parameter renamed in the helper (`order` → `builder`)", ("ConfigureNote(EntityTypeBuilder<Order> order) => order.Property", "ConfigureNote(EntityTypeBuilder<Order> builder) => builder.Property")),
            new("a method added to `Blog`", ("        public List<Post> Posts { get; set; } = new();\n", "        public List<Post> Posts { get; set; } = new();\n        public bool IsRated() => Rating != null;\n")),
            new("a `[NotMapped]` property added to `Post`", ("        public int BlogId { get; set; }\n", "        [NotMapped] public string Display { get; set; } = \"\";\n        public int BlogId { get; set; }\n")),
            new("a computed get-only property added to `Post`", ("        public int BlogId { get; set; }\n", "        public string Heading => Title.ToUpperInvariant();\n        public int BlogId { get; set; }\n")),
            new("properties reordered in `Blog`", ("        public string Url { get; set; } = \"\";\n        public int? Rating { get; set; }\n", "        public int? Rating { get; set; }\n        public string Url { get; set; } = \"\";\n")),
            new("a comment changed", ("// A post belongs to one blog.", "// A post is written in one blog.")),
            new("an enum member added (`Status.Archived`)", ("public enum Status { Draft, Published }", "public enum Status { Draft, Published, Archived }")),
            new("`int? Rating` → `Status? Rating` (an enum stored as its integer)", ("public int? Rating", "public Status? Rating")),
            new("`DateTime CreatedAt` → `DateTimeOffset CreatedAt` (both `timestamp with time zone`)", ("public DateTime CreatedAt", "public DateTimeOffset CreatedAt")),
            new("`[Required]` on `string Url` (already required)", ("public string Url { get; set; } = \"\";", "[Required] public string Url { get; set; } = \"\";")),
            new("`[Column(\"Url\")]` on `Url` (the name by convention)", ("public string Url { get; set; } = \"\";", "[Column(\"Url\")] public string Url { get; set; } = \"\";")),
            new("`[Column(TypeName = \"text\")]` on `Url` (the default type)", ("public string Url { get; set; } = \"\";", "[Column(TypeName = \"text\")] public string Url { get; set; } = \"\";")),
            new("`[Table(\"Posts\")]` on `Post` (the name by convention)", ("    public class Post\n", "    [Table(\"Posts\")]\n    public class Post\n")),
            new("`[MaxLength(100)]` added where `HasMaxLength(100)` already is", ("public string Customer { get; set; } = \"\";", "[MaxLength(100)] public string Customer { get; set; } = \"\";")),
            new("`[MaxLength(200)]` moved to `HasMaxLength(200)`", ("[MaxLength(200)] public", "public"), (AfterOrder, AfterOrder + "            modelBuilder.Entity<Post>().Property(p => p.Title).HasMaxLength(200);\n")),
            new("DbSet `Authors` renamed `Writers` (the table is `[Table(\"authors\")]`)", ("DbSet<Author> Authors", "DbSet<Author> Writers")),
            new("a property renamed in C# onto its old column (`[Column(\"Name\")] FullName`)", ("public string Name { get; set; } = \"\";\n        public Guid", "[Column(\"Name\")] public string FullName { get; set; } = \"\";\n        public Guid")),
            new("class `Author` renamed `Writer` (its `[Table(\"authors\")]` kept)", ("    public class Author\n", "    public class Writer\n"), ("DbSet<Author> Authors => Set<Author>()", "DbSet<Writer> Authors => Set<Writer>()")),
            new("class `Author` moved to namespace `Shop.People`", ("    [Table(\"authors\")]\n    public class Author\n    {\n        public int Id { get; set; }\n        public string Name { get; set; } = \"\";\n        public Guid ExternalId { get; set; }\n    }\n", ""), ("DbSet<Author> Authors => Set<Author>()", "DbSet<People.Author> Authors => Set<People.Author>()"), ("    public class Member\n", "    public class Member0 { }\n}\n\nnamespace Shop.People\n{\n    [Table(\"authors\")]\n    public class Author\n    {\n        public int Id { get; set; }\n        public string Name { get; set; } = \"\";\n        public Guid ExternalId { get; set; }\n    }\n}\n\nnamespace Shop\n{\n    public class Member\n")),
            new("the inverse navigation `Blog.Posts` removed", ("        public List<Post> Posts { get; set; } = new();\n", "")),
            new("`List<Post>` → `ICollection<Post>`", ("public List<Post> Posts { get; set; } = new();", "public ICollection<Post> Posts { get; set; } = new List<Post>();")),
            new("a private setter (`ExternalId { get; private set; }`)", ("public Guid ExternalId { get; set; }", "public Guid ExternalId { get; private set; }")),
            new("the navigation `Post.Blog` made `virtual`", ("public Blog Blog { get; set; } = null!;\n        [Column", "public virtual Blog Blog { get; set; } = null!;\n        [Column")),
            new("the navigation `Post.Blog` made `Blog?` (the foreign key `int BlogId` stays required)", ("public Blog Blog { get; set; } = null!;\n        [Column", "public Blog? Blog { get; set; }\n        [Column")),
            new("foreign key `int BlogId` → `int? BlogId`, `[Required]` on the navigation (still required)", ("public int BlogId { get; set; }\n        public Blog Blog { get; set; } = null!;\n        [Column", "public int? BlogId { get; set; }\n        [Required] public Blog Blog { get; set; } = null!;\n        [Column")),
            new("foreign key `int BlogId` → `int? BlogId`, the relationship `IsRequired()` (still required)", ("public int BlogId { get; set; }\n        public Blog Blog { get; set; } = null!;\n        [Column", "public int? BlogId { get; set; }\n        public Blog Blog { get; set; } = null!;\n        [Column"), (AfterOrder, AfterOrder + "            modelBuilder.Entity<Post>().HasOne(p => p.Blog).WithMany(b => b.Posts).IsRequired();\n")),
            new("an interface implemented by `Blog`", ("    public class Blog\n", "    public class Blog : IComparable<Blog>\n"), ("        public List<Post> Posts { get; set; } = new();\n", "        public List<Post> Posts { get; set; } = new();\n        public int CompareTo(Blog? other) => Id.CompareTo(other?.Id);\n")),

            // Combined.
            new("combined: a property added and a parameter renamed", ("        public int? Rating { get; set; }\n", "        public int? Rating { get; set; }\n        public string? Subtitle { get; set; }\n"), ("ConfigureNote(EntityTypeBuilder<Order> order) => order.Property", "ConfigureNote(EntityTypeBuilder<Order> builder) => builder.Property")),
            new("combined: a method, a comment and a private setter", ("        public List<Post> Posts { get; set; } = new();\n", "        public List<Post> Posts { get; set; } = new();\n        public bool IsRated() => Rating != null;\n"), ("// A post belongs to one blog.", "// A post is written in one blog."), ("public Guid ExternalId { get; set; }", "public Guid ExternalId { get; private set; }")),
            new("combined: `int? Rating` → `long Rating` and `string? Content` → `string Content`", ("public int? Rating", "public long Rating"), ("public string? Content { get; set; }", "public string Content { get; set; } = \"\";")),
            new("combined: a table renamed and a column renamed", ("[Table(\"authors\")]", "[Table(\"writers\")]"), ("[Column(\"summary_text\")]", "[Column(\"abstract\")]")),
            new("combined: an entity added and one removed", ("public class Member\n", "public class Tag { public int Id { get; set; } public string Label { get; set; } = \"\"; }\n\n    public class Member\n"), ("public DbSet<Member> Members => Set<Member>();", "public DbSet<Member> Members => Set<Member>();\n        public DbSet<Tag> Tags => Set<Tag>();"), ("        public DbSet<Author> Authors => Set<Author>();\n", "")),
        };

        /// <summary>Edits EF Core sees and DRIFT014 deliberately does not report, and why (the table says so).</summary>
        private static readonly Dictionary<string, string> Silent = new(StringComparer.Ordinal)
        {
            ["an index added (`[Index(nameof(Url))]` on `Blog`)"] = "indexes are compared by issue 19's rules",
            ["a default value added (`HasDefaultValue(0m)` on `Order.Total`)"] = "defaults are compared by issue 19's rules",
            ["`ConfigureConventions`: every string `HaveMaxLength(400)`"] = "a context with ConfigureConventions is not compared",
        };

        private const string TableStart = "<!-- agreement:start -->\n";
        private const string TableEnd = "<!-- agreement:end -->";

        private sealed record Row(int Number, string Edit, string EfCore, string Drift014);

        [Test]
        public void DRIFT014_agrees_with_EF_Cores_pending_model_changes_on_every_edit()
        {
            var loaded = ModelSnapshots.Load(("/Shop.cs", Base));
            var snapshots = loaded.SnapshotCode
                .Select(pair => CSharpSyntaxTree.ParseText(pair.Value, new CSharpParseOptions(LanguageVersion.Latest), path: "/Migrations/" + pair.Key + "ModelSnapshot.cs"))
                .ToArray();
            var (efBase, driftBase) = Verdicts(Base, snapshots);
            Assert.That(efBase, Is.Empty, "the base model has no pending change");
            Assert.That(driftBase, Is.Empty, "the base model has no DRIFT014");

            var rows = new List<Row>();
            var disagreements = new List<string>();
            foreach (var edit in Edits)
            {
                var (efCore, drift) = Verdicts(Apply(edit), snapshots);
                bool pending = efCore.Count > 0;
                bool reported = drift.Count > 0;
                string efText = pending ? "pending: " + string.Join("; ", efCore.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + " (" + p.Value + ")")) : "no change";
                string driftText = reported ? string.Join("; ", drift.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + " (" + p.Value + ")")) : "none";
                if (Silent.TryGetValue(edit.Description, out var reason))
                {
                    if (!pending || reported)
                    {
                        disagreements.Add(edit.Description + ": listed as silent, but EF Core says " + efText + " and DRIFT014 " + driftText);
                    }

                    driftText = "silent: " + reason;
                }
                else if (!efCore.Keys.ToHashSet().SetEquals(drift.Keys))
                {
                    disagreements.Add(edit.Description + ": EF Core " + efText + ", DRIFT014 " + driftText);
                }

                rows.Add(new Row(rows.Count + 1, edit.Description, efText, driftText));
            }

            string table = Table(rows);
            TestContext.Out.WriteLine(table);
            Assert.That(disagreements, Is.Empty, string.Join("\n", disagreements));
            Assert.That(rows.Count(r => r.EfCore != "no change"), Is.GreaterThanOrEqualTo(30), "edits EF Core sees");
            Assert.That(rows.Count(r => r.EfCore == "no change"), Is.GreaterThanOrEqualTo(15), "edits EF Core does not see");

            string path = Repository.File("docs", "rules", "DRIFT014.md");
            string doc = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
            int from = doc.IndexOf(TableStart, StringComparison.Ordinal) + TableStart.Length;
            int to = doc.IndexOf(TableEnd, StringComparison.Ordinal);
            Assert.That(from >= TableStart.Length && to >= from, Is.True, "docs/rules/DRIFT014.md has the agreement table's markers");
            if (Environment.GetEnvironmentVariable("DRIFT_UPDATE_DOCS") == "1")
            {
                File.WriteAllText(path, string.Concat(doc.AsSpan(0, from), table, doc.AsSpan(to)));
                doc = File.ReadAllText(path);
            }

            Assert.That(doc.Substring(from, to - from), Is.EqualTo(table), "docs/rules/DRIFT014.md's table is what this test finds (DRIFT_UPDATE_DOCS=1 rewrites it)");
        }

        private static string Apply(Edit edit)
        {
            string source = Base;
            foreach (var (from, to) in edit.Replacements)
            {
                int first = source.IndexOf(from, StringComparison.Ordinal);
                Assert.That(first >= 0 && source.IndexOf(from, first + 1, StringComparison.Ordinal) < 0, Is.True, edit.Description + ": '" + from + "' must occur once");
                source = source.Replace(from, to, StringComparison.Ordinal);
            }

            return source;
        }

        /// <summary>
        /// Per context: EF Core's operations where HasPendingModelChanges() is true, and DRIFT014's kinds of finding. The edited
        /// code is compiled with the base's snapshots (as a project whose last migration predates the edit) and loaded.
        /// </summary>
        private static (IReadOnlyDictionary<string, string> EfCore, IReadOnlyDictionary<string, string> Drift014) Verdicts(string source, SyntaxTree[] snapshots)
        {
            var compilation = CSharpCompilation.Create(
                "Edit" + Guid.NewGuid().ToString("N"),
                snapshots.Prepend(CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "/Shop.cs")),
                ModelSnapshots.WithIdentity,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new PendingModelChangeAnalyzer());
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), (e, _, _) => throw new InvalidOperationException("analyzer exception", e), concurrentAnalysis: true, logAnalyzerExecutionTime: false);
            var diagnostics = compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            var drift = diagnostics
                .GroupBy(d => d.Properties[PendingModelChangeAnalyzer.ContextProperty]!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(d => d.Properties[PendingModelChangeAnalyzer.KindProperty]).Distinct().Order(StringComparer.Ordinal)), StringComparer.Ordinal);

            using var stream = new MemoryStream();
            var emit = compilation.Emit(stream);
            Assert.That(emit.Success, Is.True, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            stream.Position = 0;
            var assembly = AssemblyLoadContext.Default.LoadFromStream(stream);
            var efCore = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var type in assembly.GetTypes().Where(t => typeof(DbContext).IsAssignableFrom(t) && !t.IsAbstract).OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                using var context = (DbContext)Activator.CreateInstance(type)!;
                var operations = Operations(context).Distinct().ToList();
                bool pending = context.Database.HasPendingModelChanges();
                Assert.That(operations.Count > 0, Is.EqualTo(pending), type.Name + ": the differ's operations and HasPendingModelChanges()");
                if (pending)
                {
                    efCore.Add(type.Name, string.Join(", ", operations));
                }
            }

            return (efCore, drift);
        }

        /// <summary>
        /// The kinds of operation EF Core's differ finds between the model snapshot and the model: what the migration would do.
        /// Before HasPendingModelChanges(), which finalizes the snapshot's model once.
        /// </summary>
        private static IEnumerable<string> Operations(DbContext context)
        {
#pragma warning disable EF1001 // The differ and the model initializer are what HasPendingModelChanges() itself uses.
            var snapshot = context.GetService<IMigrationsAssembly>().ModelSnapshot!.Model;
            var initialized = context.GetService<IModelRuntimeInitializer>().Initialize(((IMutableModel)snapshot).FinalizeModel(), designTime: true, validationLogger: null);
            var differences = context.GetService<IMigrationsModelDiffer>().GetDifferences(initialized.GetRelationalModel(), context.GetService<IDesignTimeModel>().Model.GetRelationalModel());
#pragma warning restore EF1001
            return differences.Select(o => o.GetType().Name.Replace("Operation", string.Empty, StringComparison.Ordinal));
        }

        private static string Table(List<Row> rows)
        {
            var table = new StringBuilder();
            table.Append("| # | edit | EF Core's `HasPendingModelChanges()` (operations) | DRIFT014 |\n");
            table.Append("| ---: | --- | --- | --- |\n");
            foreach (var row in rows)
            {
                table.Append("| ").Append(row.Number).Append(" | ").Append(row.Edit).Append(" | ").Append(row.EfCore).Append(" | ").Append(row.Drift014).Append(" |\n");
            }

            return table.ToString();
        }
    }
}
