import SwiftUI

struct ProfileView: View {
    @State private var name = ""
    @State private var phone = ""
    @State private var marketingOptIn = false
    @State private var error: String?
    @EnvironmentObject var auth: AuthService

    private let maxNameLength = 40
    private let remoteConfig = RemoteConfig.remoteConfig()

    var body: some View {
        Form {
            Section("Profile") {
                TextField("Name", text: $name)
                TextField("Phone", text: $phone)
                Toggle("News and offers", isOn: $marketingOptIn)
            }
            if let error {
                Text(error).foregroundColor(.red)
            }
            Section {
                Button("Save", action: save)
                NavigationLink("Addresses", destination: AddressListView())
                if remoteConfig["loyalty_enabled"].boolValue {
                    NavigationLink(value: Route.cart) { Text("Loyalty points") }
                }
                Button("Sign out", role: .destructive) { auth.logout() }
            }
        }
        .navigationTitle("Profile")
    }

    private func save() {
        if name.isEmpty {
            error = "Name is required"
            return
        }
        if name.count > maxNameLength {
            error = "Name is too long"
            return
        }
        guard phone.isEmpty || phone.count >= 7 else {
            error = "Phone number is too short"
            return
        }
        error = nil
        Analytics.logEvent("profile_saved", parameters: ["opt_in": marketingOptIn])
    }
}
