using Microsoft.AspNetCore.Identity;

namespace IdentityApp.Models;

// Add profile data for application users by adding properties to the ApplicationUser class
public class ApplicationUser : IdentityUser
{
    [PersonalData]
    public string? DisplayName { get; set; }

    public DateTime RegisteredAt { get; set; }

    public UserProfile? Profile { get; set; }

    public ICollection<Membership> Memberships { get; set; } = new List<Membership>();
}
