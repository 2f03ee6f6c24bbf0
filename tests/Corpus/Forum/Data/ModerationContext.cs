using Forum.Entities;
using Microsoft.EntityFrameworkCore;

namespace Forum.Data
{
    /// <summary>
    /// The moderation worker's context: only the moderation tables. The tables are created by ForumDbContext's
    /// migrations, which configure them through <see cref="ConfigureModel"/>.
    /// </summary>
    public class ModerationContext : DbContext
    {
        public ModerationContext(DbContextOptions<ModerationContext> options)
            : base(options)
        {
        }

        public DbSet<Moderator> Moderators { get; set; }
        public DbSet<Report> Reports { get; set; }

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            ConfigureModel(modelBuilder);
            ForumDbContext.FixSnakeCaseNames(modelBuilder);
        }

        public static void ConfigureModel(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Moderator>(b =>
            {
                b.ToTable("Moderators");
                b.HasKey(m => m.ModeratorId);
                b.Property(m => m.Nickname).HasMaxLength(50).IsRequired();
            });

            modelBuilder.Entity<Report>(b =>
            {
                b.ToTable("AbuseReports");
                b.Property(r => r.Reason).HasColumnName("ReasonText").IsRequired();
                b.HasOne(r => r.HandledBy).WithMany(m => m.HandledReports).HasForeignKey(r => r.HandledById);
            });
        }
    }
}
