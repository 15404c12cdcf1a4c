package kb

import "strings"

// DefaultOwnerKeys are the tag and label keys that name an owner unless the
// configuration (.nhiguard.hcl owner_keys) says otherwise.
var DefaultOwnerKeys = []string{"owner", "nhi_owner", "nhi:owner", "nhi-owner"}

// plainTextAnyType are attributes where a secret must never land on any
// resource type: they are stored and shown in clear (tags are copied into
// billing reports and consoles, user data is readable from instance metadata).
var plainTextAnyType = map[string]bool{
	"tags":                    true,
	"tags_all":                true,
	"labels":                  true,
	"description":             true,
	"user_data":               true,
	"user_data_base64":        true,
	"metadata_startup_script": true,
	"custom_data":             true,
}

// PlainText lists, per resource type, further attributes that hold values
// in clear (environment variables, container definitions, metadata).
var PlainText = map[string][]string{
	"aws_lambda_function":             {"environment"},
	"aws_ecs_task_definition":         {"container_definitions"},
	"aws_launch_template":             {"user_data"},
	"aws_instance":                    {"user_data", "user_data_base64"},
	"google_compute_instance":         {"metadata", "metadata_startup_script"},
	"google_cloudfunctions_function":  {"environment_variables"},
	"google_cloud_run_service":        {"template"},
	"azurerm_linux_virtual_machine":   {"custom_data", "user_data"},
	"azurerm_windows_virtual_machine": {"custom_data", "user_data"},
	// A ConfigMap's data (kubernetes_config_map_v1_data patches one made
	// elsewhere, aws-auth say), and a workload's pod template (its
	// containers' environment values, arguments and commands), are
	// readable by whoever may get the object: the built-in view role may.
	"kubernetes_config_map":                {"data", "binary_data"},
	"kubernetes_config_map_v1":             {"data", "binary_data"},
	"kubernetes_config_map_v1_data":        {"data"},
	"kubernetes_deployment":                {"spec"},
	"kubernetes_deployment_v1":             {"spec"},
	"kubernetes_stateful_set":              {"spec"},
	"kubernetes_stateful_set_v1":           {"spec"},
	"kubernetes_daemonset":                 {"spec"},
	"kubernetes_daemon_set_v1":             {"spec"},
	"kubernetes_job":                       {"spec"},
	"kubernetes_job_v1":                    {"spec"},
	"kubernetes_cron_job":                  {"spec"},
	"kubernetes_cron_job_v1":               {"spec"},
	"kubernetes_pod":                       {"spec"},
	"kubernetes_pod_v1":                    {"spec"},
	"kubernetes_replication_controller":    {"spec"},
	"kubernetes_replication_controller_v1": {"spec"},
	// SecureString parameters are a store; insecure_value is stored in clear.
	"aws_ssm_parameter":                         {"insecure_value"},
	"aws_launch_configuration":                  {"user_data", "user_data_base64"},
	"google_compute_instance_template":          {"metadata", "metadata_startup_script"},
	"azurerm_virtual_machine":                   {"os_profile"},
	"azurerm_linux_virtual_machine_scale_set":   {"custom_data", "user_data"},
	"azurerm_windows_virtual_machine_scale_set": {"custom_data", "user_data"},
	// App settings and environment variables of Azure apps and
	// containers, and of Google's second-generation services, are
	// readable by whoever may read the app's configuration (Key Vault
	// references and secure_environment_variables are the secret forms).
	"azurerm_linux_web_app":             {"app_settings"},
	"azurerm_windows_web_app":           {"app_settings"},
	"azurerm_linux_function_app":        {"app_settings"},
	"azurerm_windows_function_app":      {"app_settings"},
	"azurerm_app_service":               {"app_settings"},
	"azurerm_function_app":              {"app_settings"},
	"azurerm_container_group":           {"container"},
	"google_cloudfunctions2_function":   {"service_config"},
	"google_cloud_run_v2_service":       {"template"},
	"google_cloud_run_v2_job":           {"template"},
	"aws_elastic_beanstalk_environment": {"setting"},
	// CI variables are shown in clear to everyone who can read the repository settings.
	"github_actions_variable":              {"value"},
	"github_actions_environment_variable":  {"value"},
	"github_actions_organization_variable": {"value"},
}

// FileContent lists, per resource type, the attributes whose value is
// written to a file on the machine that runs Terraform: a CI runner's
// workspace, which later steps, caches and uploaded artifacts read.
var FileContent = map[string][]string{
	"local_file":           {"content", "sensitive_content", "content_base64"},
	"local_sensitive_file": {"content", "content_base64"},
}

// IsFileContent reports whether attr of typ is written to a local file.
func IsFileContent(typ, attr string) bool {
	for _, a := range FileContent[typ] {
		if a == attr {
			return true
		}
	}
	return false
}

// plainTextAnyTypeList is plainTextAnyType's keys, in a fixed order.
var plainTextAnyTypeList = []string{"tags", "tags_all", "labels", "description", "user_data", "user_data_base64", "metadata_startup_script", "custom_data"}

// PlainTextAttrs calls f with each attribute of typ that stores its value
// in clear, those of any type first.
func PlainTextAttrs(typ string, f func(attr string)) {
	for _, a := range plainTextAnyTypeList {
		f(a)
	}
	for _, a := range PlainText[typ] {
		if !plainTextAnyType[a] {
			f(a)
		}
	}
}

// IsPlainText reports whether attr of typ stores its value in clear.
func IsPlainText(typ, attr string) bool {
	if plainTextAnyType[attr] {
		return true
	}
	for _, a := range PlainText[typ] {
		if a == attr {
			return true
		}
	}
	return false
}

// markedBySchema are clear-text attributes that some provider marks
// sensitive in its schema (azurerm's custom_data, the os_profile block that
// holds admin_password): a sensitive marker there says nothing about the
// value written into them.
var markedBySchema = map[string]bool{"custom_data": true, "os_profile": true}

// ExposesMarked reports whether a value the plan marks sensitive, found in
// attr of typ, is a secret stored in clear: attr holds clear text
// (IsPlainText) and no provider marks it sensitive by its schema. Azure's
// virtual machines mark their boot data sensitive, so user_data on azurerm
// types is left out too.
func ExposesMarked(typ, attr string) bool {
	if markedBySchema[attr] || (attr == "user_data" && strings.HasPrefix(typ, "azurerm_")) {
		return false
	}
	return IsPlainText(typ, attr)
}
