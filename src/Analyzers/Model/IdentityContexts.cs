using System;

namespace DriftAnalyzers.Model
{
    /// <summary>
    /// ASP.NET Core Identity's base contexts (IdentityDbContext, IdentityUserContext and their generic forms): their
    /// OnModelCreating maps each DbSet they declare with ToTable to a fixed, documented table, <c>AspNet</c> + the DbSet's
    /// name (Users → AspNetUsers, UserClaims → AspNetUserClaims, Roles → AspNetRoles, ...).
    /// </summary>
    internal static class IdentityContexts
    {
        private const string Namespace = "global::Microsoft.AspNetCore.Identity.EntityFrameworkCore.";

        public static bool IsIdentityContext(TypeFacts type)
            => type.Key.StartsWith(Namespace, StringComparison.Ordinal)
                && (type.Name == "IdentityDbContext" || type.Name == "IdentityUserContext");

        /// <summary>The table Identity maps a DbSet of its own to, or null for a name it does not declare.</summary>
        public static string? TableOf(string dbSet) => dbSet switch
        {
            "Users" or "UserClaims" or "UserLogins" or "UserTokens" or "UserPasskeys" or "Roles" or "UserRoles" or "RoleClaims" => "AspNet" + dbSet,
            _ => null,
        };
    }
}
