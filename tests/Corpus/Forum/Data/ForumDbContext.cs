using System.Text.RegularExpressions;
using Forum.Entities;
using Microsoft.EntityFrameworkCore;

namespace Forum.Data
{
    public class ForumDbContext : DbContext
    {
        public ForumDbContext(DbContextOptions<ForumDbContext> options)
            : base(options)
        {
        }

        public DbSet<ForumThread> Threads { get; set; }
        public DbSet<Post> Posts { get; set; }
        public DbSet<Member> Members { get; set; }
        public DbSet<ApiClient> ApiClients { get; set; }

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            base.OnModelCreating(modelBuilder);

            // Moderation entities are shared with the moderation worker's context.
            ModerationContext.ConfigureModel(modelBuilder);

            modelBuilder.Entity<ForumThread>(b =>
            {
                b.Property(t => t.Title).IsRequired().HasMaxLength(200);
                b.HasMany(t => t.Posts).WithOne(p => p.Thread).OnDelete(DeleteBehavior.Cascade);
            });

            modelBuilder.Entity<Post>(b =>
            {
                b.Property(p => p.Body).IsRequired();
                b.HasOne(p => p.Author).WithMany().HasForeignKey(p => p.AuthorId);
            });

            modelBuilder.Entity<Member>().HasIndex(m => m.UserName).IsUnique();

            modelBuilder.Entity<ApiClient>(b =>
            {
                b.Property(c => c.Name).IsRequired();
                b.Property(c => c.Scopes).HasJsonColumn();
            });

            FixSnakeCaseNames(modelBuilder);
        }

        /// <summary>PostgreSQL folds unquoted names to lower case: name everything snake_case so psql needs no quotes.</summary>
        public static void FixSnakeCaseNames(ModelBuilder modelBuilder)
        {
            foreach (var entity in modelBuilder.Model.GetEntityTypes())
            {
                entity.SetTableName(ToSnakeCase(entity.GetTableName()));

                foreach (var property in entity.GetProperties())
                {
                    property.SetColumnName(ToSnakeCase(property.GetColumnName()));
                }

                foreach (var key in entity.GetKeys())
                {
                    key.SetName(ToSnakeCase(key.GetName()));
                }

                foreach (var foreignKey in entity.GetForeignKeys())
                {
                    foreignKey.SetConstraintName(ToSnakeCase(foreignKey.GetConstraintName()));
                }

                foreach (var index in entity.GetIndexes())
                {
                    index.SetDatabaseName(ToSnakeCase(index.GetDatabaseName()));
                }
            }
        }

        private static string ToSnakeCase(string name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return name;
            }

            return Regex.Replace(name, "([a-z0-9])([A-Z])", "$1_$2").ToLowerInvariant();
        }
    }
}
