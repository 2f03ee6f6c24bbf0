using System;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Forum.Data
{
    public class DesignTimeForumDbContextFactory : IDesignTimeDbContextFactory<ForumDbContext>
    {
        public ForumDbContext CreateDbContext(string[] args)
        {
            var builder = new DbContextOptionsBuilder<ForumDbContext>();
            builder.UseNpgsql(Environment.GetEnvironmentVariable("FORUM_DB") ?? "Host=localhost;Database=forum");
            return new ForumDbContext(builder.Options);
        }
    }
}
