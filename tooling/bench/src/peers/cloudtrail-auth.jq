# The jq peer of the cloudtrail-auth plugin: the sign-in and role events of a {"Records":[…]} document
# mapped to OCSF Authentication (3002, 1.0.0-rc.2) with the plugin's main attributes, observables and
# unmapped fields. A comparable mapping, not the plugin's every rule (see the bench README).
def auth_names: ["ConsoleLogin", "CheckMfa", "SwitchRole", "ExitRole", "RenewRole", "AssumeRole",
  "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "GetSessionToken", "GetFederationToken",
  "CredentialChallenge", "CredentialVerification", "UserAuthentication", "ExternalIdPDirectoryLogin"];
def drop_nulls: with_entries(select(.value != null));
def failed: (.errorCode != null) or (.responseElements.ConsoleLogin? == "Failure");
def activity: if .eventName == "ConsoleLogin" or (.eventName | startswith("AssumeRole")) or .eventName == "GetSessionToken"
  then 1 else 99 end;
def observable($name; $type; $id; $value): if $value == null then empty
  else {name: $name, type: $type, type_id: $id, value: $value} end;

.Records[]
| select(.eventName as $n | auth_names | index($n))
| activity as $activity
| (if failed then 2 else 1 end) as $status
| {
    activity_id: $activity,
    activity_name: (if $activity == 1 then "Logon" else "Other" end),
    category_uid: 3, category_name: "Audit Activity", class_uid: 3002, class_name: "Authentication",
    type_uid: (300200 + $activity),
    type_name: ("Authentication: " + (if $activity == 1 then "Logon" else "Other" end)),
    severity_id: 1, severity: "Informational",
    status_id: $status, status: (if $status == 1 then "Success" else "Failure" end),
    status_code: .errorCode, status_detail: .errorMessage,
    time: (.eventTime | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601 * 1000),
    mfa: (if .additionalEventData.MFAUsed? then .additionalEventData.MFAUsed == "Yes" else null end),
    actor: {user: ({credential_uid: .userIdentity.accessKeyId, name: .userIdentity.userName,
      type: .userIdentity.type, account_uid: .userIdentity.accountId, uid: .userIdentity.principalId,
      uuid: .userIdentity.arn} | drop_nulls)},
    user: ({uid: (.responseElements.assumedRoleUser.assumedRoleId? // .userIdentity.principalId),
      uuid: (.requestParameters.roleArn? // .userIdentity.arn),
      name: .requestParameters.roleSessionName?} | drop_nulls),
    src_endpoint: {ip: .sourceIPAddress},
    dst_endpoint: {svc_name: (.additionalEventData.LoginTo? // .eventSource)},
    api: {service: {name: .eventSource}, operation: .eventName, request: {uid: .requestID}},
    http_request: {user_agent: .userAgent},
    cloud: {provider: "AWS", region: .awsRegion},
    metadata: {version: "1.0.0-rc.2", profiles: ["cloud"],
      product: {name: "CloudTrail", vendor_name: "AWS", version: .eventVersion, feature: {name: "Management"}},
      uid: .eventID},
    unmapped: ({readOnly, eventType, managementEvent, recipientAccountId, resources,
      requestParameters, responseElements, additionalEventData} | drop_nulls | [paths(scalars) as $p
      | {key: ($p | map(tostring) | join(".")), value: getpath($p)}] | from_entries),
    observables: [
      observable("src_endpoint.ip"; "IP Address"; 2; .sourceIPAddress),
      observable("actor.user.name"; "User Name"; 4; .userIdentity.userName),
      observable("user.name"; "User Name"; 4; .requestParameters.roleSessionName?),
      observable("actor.user.uuid"; "Resource UID"; 10; .userIdentity.arn),
      observable("user.uuid"; "Resource UID"; 10; (.requestParameters.roleArn? // .userIdentity.arn))
    ]
  }
| with_entries(select(.value != null))
