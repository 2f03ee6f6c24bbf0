using Helpdesk.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Data;

namespace Helpdesk.Data
{
    public class HelpdeskDbContext : PlatformDbContext<Agent>
    {
        public HelpdeskDbContext(DbContextOptions<HelpdeskDbContext> options)
            : base(options)
        {
        }

        public DbSet<Ticket> Tickets { get; set; }

        public DbSet<Incident> Incidents { get; set; }

        public DbSet<TicketComment> Comments { get; set; }

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            base.OnModelCreating(modelBuilder);

            modelBuilder.Entity<Ticket>(b =>
            {
                b.UseTptMappingStrategy();
                b.Property(t => t.Subject).IsRequired().HasMaxLength(300);
                b.Property(t => t.Priority).HasConversion<int>();
                b.HasOne(t => t.Assignee).WithMany(a => a.AssignedTickets).HasForeignKey(t => t.AssigneeId);
            });

            modelBuilder.Entity<TicketComment>()
                .HasOne(c => c.Ticket).WithMany(t => t.Comments).HasForeignKey(c => c.TicketId);
        }
    }

    public class HelpdeskDbContextFactory : IDesignTimeDbContextFactory<HelpdeskDbContext>
    {
        public HelpdeskDbContext CreateDbContext(string[] args)
            => new HelpdeskDbContext(new DbContextOptionsBuilder<HelpdeskDbContext>()
                .UseNpgsql("Host=localhost;Database=helpdesk;Username=helpdesk")
                .Options);
    }
}
